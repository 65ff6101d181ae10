# Lambda Workbench's python runtime loop: a small client of the Runtime API (2018-06-01) that imports
# the handler, then asks for invocations forever. Standard library only; logging and errors shaped
# like Lambda's python runtime so what users see locally is what they see in CloudWatch.
# Imports kept to the few a cold start needs: http.client alone would double python's start time
# (it pulls in the email package), so the Runtime API client below is a minimal HTTP/1.1 client over
# one keep-alive socket to our own loopback server, which always answers with Content-Length.
import _socket
import json
import logging
import os
import sys
import time

API = os.environ.get("AWS_LAMBDA_RUNTIME_API", "127.0.0.1:9001")
BASE = "/2018-06-01/runtime"
JSON_LOGS = os.environ.get("AWS_LAMBDA_LOG_FORMAT") == "JSON"


class _Headers(dict):
    """Response headers, looked up case-insensitively like http.client's."""

    def get(self, key, default=None):
        return dict.get(self, key.lower(), default)


class _ApiClosed(Exception):
    pass


_sock = None
_buf = b""


def _connect():
    global _sock, _buf
    host, port = API.rsplit(":", 1)
    _sock = _socket.socket(_socket.AF_INET, _socket.SOCK_STREAM)
    _sock.setsockopt(_socket.IPPROTO_TCP, _socket.TCP_NODELAY, 1)
    _sock.connect((host, int(port)))
    _buf = b""


def _read_until(marker):
    global _buf
    while marker not in _buf:
        chunk = _sock.recv(65536)
        if not chunk:
            raise _ApiClosed()
        _buf += chunk
    i = _buf.index(marker) + len(marker)
    head, _buf = _buf[:i], _buf[i:]
    return head


def _read_exact(n):
    global _buf
    while len(_buf) < n:
        chunk = _sock.recv(max(65536, n - len(_buf)))
        if not chunk:
            raise _ApiClosed()
        _buf += chunk
    body, _buf = _buf[:n], _buf[n:]
    return body


def _call(method, path, body=None, headers=None):
    """One request on the keep-alive socket; reconnects once if the socket was dropped."""
    if isinstance(body, str):
        body = body.encode()
    body = body or b""
    lines = ["%s %s%s HTTP/1.1" % (method, BASE, path), "Host: " + API, "Content-Length: %d" % len(body)]
    for k, v in (headers or {}).items():
        lines.append("%s: %s" % (k, v))
    request = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body
    for attempt in (0, 1):
        try:
            if _sock is None:
                _connect()
            _sock.sendall(request)
            head = _read_until(b"\r\n\r\n").decode("latin-1").split("\r\n")
            status = int(head[0].split(" ", 2)[1])
            hdrs = _Headers()
            for line in head[1:]:
                if ":" in line:
                    k, v = line.split(":", 1)
                    hdrs[k.strip().lower()] = v.strip()
            return status, hdrs, _read_exact(int(hdrs.get("content-length") or 0))
        except (OSError, _ApiClosed, ValueError, IndexError):
            _close()
            if attempt:
                raise _ApiClosed()


def _close():
    global _sock
    if _sock is not None:
        try:
            _sock.close()
        except OSError:
            pass
    _sock = None


def _post_error(path, err):
    body = json.dumps(err).encode()
    _call("POST", path, body, {"Content-Type": "application/json", "Lambda-Runtime-Function-Error-Type": err.get("errorType", "Unhandled")})


def _iso(ts):
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(ts)) + ".%03dZ" % (int(ts * 1000) % 1000)


# -----------------------------------------------------------------------------------------------
# Logging: the root logger writes `[LEVEL]\tTIMESTAMP\tREQUEST_ID\tmessage` (or a JSON record); a
# multi-line record becomes one line with \r, which the service turns back into one log event.

_request_id = None


class _LambdaFormatter(logging.Formatter):
    def format(self, record):
        message = record.getMessage()
        if record.exc_info:
            message += "\n" + self.formatException(record.exc_info)
        if JSON_LOGS:
            doc = {"timestamp": _iso(record.created), "level": record.levelname, "message": message, "logger": record.name, "requestId": _request_id}
            return json.dumps(doc, default=str)
        return "[%s]\t%s\t%s\t%s" % (record.levelname, _iso(record.created), _request_id, message)


class _LambdaHandler(logging.Handler):
    def emit(self, record):
        try:
            line = self.format(record).replace("\r\n", "\r").replace("\n", "\r") + "\n"
            os.write(1, line.encode("utf-8", "replace"))
        except Exception:
            self.handleError(record)


def _setup_logging():
    root = logging.getLogger()
    for h in list(root.handlers):
        root.removeHandler(h)
    handler = _LambdaHandler()
    handler.setFormatter(_LambdaFormatter())
    root.addHandler(handler)
    level = os.environ.get("AWS_LAMBDA_LOG_LEVEL")
    if JSON_LOGS and level:
        root.setLevel(level.upper())


def _log_error_line(err):
    # Lambda prints the failure as one event: "[ERROR] Type: message" and the traceback below it.
    text = "[ERROR] %s: %s" % (err["errorType"], err["errorMessage"])
    if err.get("stackTrace"):
        text += "\rTraceback (most recent call last):\r" + "".join(err["stackTrace"]).replace("\n", "\r")
    if JSON_LOGS:
        text = json.dumps({"timestamp": _iso(time.time()), "level": "ERROR", "message": err["errorMessage"], "errorType": err["errorType"], "stackTrace": err.get("stackTrace", []), "requestId": _request_id or ""})
    os.write(1, (text.rstrip("\r") + "\n").encode("utf-8", "replace"))


# -----------------------------------------------------------------------------------------------
# The handler and its context


class LambdaContext:
    def __init__(self, request_id, headers, deadline_ms):
        self.aws_request_id = request_id
        self.function_name = os.environ.get("AWS_LAMBDA_FUNCTION_NAME")
        self.function_version = os.environ.get("AWS_LAMBDA_FUNCTION_VERSION")
        self.invoked_function_arn = headers.get("Lambda-Runtime-Invoked-Function-Arn")
        self.memory_limit_in_mb = os.environ.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE")
        self.log_group_name = os.environ.get("AWS_LAMBDA_LOG_GROUP_NAME")
        self.log_stream_name = os.environ.get("AWS_LAMBDA_LOG_STREAM_NAME")
        self.identity = _parse(headers.get("Lambda-Runtime-Cognito-Identity"))
        self.client_context = _parse(headers.get("Lambda-Runtime-Client-Context"))
        self._deadline_ms = deadline_ms

    def get_remaining_time_in_millis(self):
        return max(0, int(self._deadline_ms - time.time() * 1000))


def _parse(text):
    if not text:
        return None
    try:
        return json.loads(text)
    except ValueError:
        return None


class _InitError(Exception):
    def __init__(self, error_type, message):
        super().__init__(message)
        self.error_type = error_type


def _load_handler():
    spec = os.environ.get("_HANDLER", "")
    try:
        module_path, fn_name = spec.rsplit(".", 1)
    except ValueError:
        raise _InitError("Runtime.MalformedHandlerName", "Bad handler '%s': not enough values to unpack (expected 2, got 1)" % spec)
    module_name = module_path.replace("/", ".")
    try:
        import importlib

        module = importlib.import_module(module_name)
    except ImportError as e:
        raise _InitError("Runtime.ImportModuleError", "Unable to import module '%s': %s" % (module_name, e))
    except SyntaxError as e:
        raise _InitError("Runtime.UserCodeSyntaxError", "Syntax error in module '%s': %s" % (module_name, e))
    fn = getattr(module, fn_name, None)
    if fn is None:
        raise _InitError("Runtime.HandlerNotFound", "Handler '%s' missing on module '%s'" % (fn_name, module_name))
    return fn


def _error_doc(exc, error_type=None):
    import traceback

    tb = traceback.extract_tb(exc.__traceback__)
    # Drop our own frames: the user's code starts below the bootstrap.
    tb = [f for f in tb if f.filename != __file__]
    return {
        "errorMessage": str(exc),
        "errorType": error_type or type(exc).__name__,
        "requestId": _request_id or "",
        "stackTrace": traceback.format_list(tb),
    }


def _run():
    global _request_id
    _setup_logging()
    sys.path.insert(0, os.environ.get("LAMBDA_TASK_ROOT", os.getcwd()))
    _limit_memory()
    try:
        handler = _load_handler()
    except _InitError as e:
        err = {"errorMessage": str(e), "errorType": e.error_type, "requestId": "", "stackTrace": []}
        _log_error_line(err)
        _post_error("/init/error", err)
        sys.exit(1)
    except Exception as e:
        err = _error_doc(e)
        _log_error_line(err)
        _post_error("/init/error", err)
        sys.exit(1)
    while True:
        status, headers, body = _call("GET", "/invocation/next")
        request_id = headers.get("Lambda-Runtime-Aws-Request-Id")
        _request_id = request_id
        trace = headers.get("Lambda-Runtime-Trace-Id")
        if trace:
            os.environ["_X_AMZN_TRACE_ID"] = trace
        else:
            os.environ.pop("_X_AMZN_TRACE_ID", None)
        deadline = int(headers.get("Lambda-Runtime-Deadline-Ms") or 0)
        try:
            event = json.loads(body) if body else {}
        except ValueError as e:
            _post_error("/invocation/%s/error" % request_id, {"errorMessage": "Unable to unmarshal input: %s" % e, "errorType": "Runtime.UnmarshalError", "requestId": request_id, "stackTrace": []})
            continue
        context = LambdaContext(request_id, headers, deadline)
        try:
            result = handler(event, context)
            try:
                payload = json.dumps(result).encode()
            except (TypeError, ValueError) as e:
                err = {"errorMessage": "Unable to marshal response: %s" % e, "errorType": "Runtime.MarshalError", "requestId": request_id, "stackTrace": []}
                _log_error_line(err)
                _post_error("/invocation/%s/error" % request_id, err)
                continue
            _call("POST", "/invocation/%s/response" % request_id, payload, {"Content-Type": "application/json"})
        except Exception as e:
            err = _error_doc(e)
            _log_error_line(err)
            _post_error("/invocation/%s/error" % request_id, err)


def _limit_memory():
    """Caps the data segment so a runaway allocation raises MemoryError instead of taking the machine.
    It counts reserved (virtual) memory, which native libraries reserve generously, so it sits well
    above the function's memory; the service enforces the memory size itself on the resident size."""
    try:
        import resource

        mb = int(os.environ.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "0"))
        if mb > 0:
            limit = max(mb * 2, mb + 512) * 1024 * 1024
            resource.setrlimit(resource.RLIMIT_DATA, (limit, limit))
    except (ImportError, ValueError, OSError):
        pass


if __name__ == "__main__":
    try:
        _run()
    except (_ApiClosed, OSError):
        # The service went away: this environment is over.
        sys.exit(0)
