package lambdaworkbench;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.lang.reflect.Type;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Lambda Workbench's java runtime loop: a small client of the Runtime API (2018-06-01) that loads the
 * handler class, then asks for invocations forever. JDK classes only, so it needs no download: the
 * local service compiles it once with the machine's javac. Handlers, errors and logs follow Lambda's
 * java runtime: "package.Class::method" or "package.Class" (handleRequest), stream and typed
 * signatures, the user's own Context interface (aws-lambda-java-core) implemented with a Proxy, and
 * errors as errorMessage/errorType/stackTrace (+cause) with our frames cut off.
 */
public final class LambdaBootstrap {
  private static final String API = env("AWS_LAMBDA_RUNTIME_API", "127.0.0.1:9001");
  private static final String BASE = "/2018-06-01/runtime";
  private static final String CONTEXT = "com.amazonaws.services.lambda.runtime.Context";
  private static final byte[] NOTHING = new byte[0];
  private static final PrintStream OUT = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);

  private static Socket sock;
  private static InputStream in;
  private static OutputStream out;

  private LambdaBootstrap() {}

  private static String env(String k, String fallback) {
    String v = System.getenv(k);
    return v == null ? fallback : v;
  }

  /** One log event: newlines become \r, which the service turns back (as Lambda's runtimes do). */
  static void record(String text) {
    String t = text.replace("\r\n", "\r").replace('\n', '\r');
    while (t.endsWith("\r")) t = t.substring(0, t.length() - 1);
    OUT.print(t + "\n");
    OUT.flush();
  }

  // ---------------------------------------------------------------------------------------------
  // Runtime API client: one keep-alive socket to our own loopback server, which always answers with
  // Content-Length (java.net.http would add a few hundred milliseconds to every cold start).

  private static final class Response {
    final Map<String, String> headers = new LinkedHashMap<>();
    byte[] body = NOTHING;
  }

  private static Response call(String method, String path, byte[] body, Map<String, String> headers) throws IOException {
    StringBuilder head = new StringBuilder();
    head.append(method).append(' ').append(BASE).append(path).append(" HTTP/1.1\r\nHost: ").append(API);
    head.append("\r\nContent-Length: ").append(body.length).append("\r\n");
    for (Map.Entry<String, String> h : headers.entrySet()) head.append(h.getKey()).append(": ").append(h.getValue().replaceAll("[^\\x20-\\x7e]", "?")).append("\r\n");
    byte[] h = head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    byte[] request = new byte[h.length + body.length];
    System.arraycopy(h, 0, request, 0, h.length);
    System.arraycopy(body, 0, request, h.length, body.length);
    for (int attempt = 0; ; attempt++) {
      try {
        if (sock == null) connect();
        out.write(request);
        out.flush();
        return read();
      } catch (IOException e) {
        close();
        if (attempt == 1) throw e;
      }
    }
  }

  private static void connect() throws IOException {
    int colon = API.lastIndexOf(':');
    sock = new Socket(API.substring(0, colon), Integer.parseInt(API.substring(colon + 1)));
    sock.setTcpNoDelay(true);
    in = new BufferedInputStream(sock.getInputStream(), 65536);
    out = sock.getOutputStream();
  }

  private static void close() {
    try {
      if (sock != null) sock.close();
    } catch (IOException e) {
      // already gone
    }
    sock = null;
  }

  private static Response read() throws IOException {
    Response r = new Response();
    String status = line();
    if (!status.startsWith("HTTP/")) throw new IOException("bad response: " + status);
    for (String l = line(); !l.isEmpty(); l = line()) {
      int c = l.indexOf(':');
      if (c > 0) r.headers.put(l.substring(0, c).trim().toLowerCase(), l.substring(c + 1).trim());
    }
    int n = Integer.parseInt(r.headers.getOrDefault("content-length", "0"));
    r.body = in.readNBytes(n);
    if (r.body.length < n) throw new EOFException();
    return r;
  }

  private static String line() throws IOException {
    StringBuilder b = new StringBuilder();
    for (int c = in.read(); c != '\n'; c = in.read()) {
      if (c < 0) throw new EOFException();
      if (c != '\r') b.append((char) c);
    }
    return b.toString();
  }

  private static void postError(String path, Throwable t) throws IOException {
    Map<String, Object> doc = errorDoc(t);
    byte[] body;
    try {
      body = Json.write(doc).getBytes(StandardCharsets.UTF_8);
    } catch (ReflectiveOperationException e) {
      throw new IOException(e);
    }
    Map<String, String> h = new LinkedHashMap<>();
    h.put("Content-Type", "application/json");
    h.put("Lambda-Runtime-Function-Error-Type", (String) doc.get("errorType"));
    call("POST", path, body, h);
  }

  // ---------------------------------------------------------------------------------------------
  // Errors: Lambda's shape, the stack cut where this runtime's frames begin, causes nested.

  /** An error found by the runtime itself (handler not found, bad input): its message is the point. */
  static final class Fault extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final String type;

    Fault(String type, String message, Throwable cause) {
      super(message, cause);
      this.type = type;
      setStackTrace(new StackTraceElement[0]);
    }
  }

  private static Throwable trimmed(Throwable t) {
    StackTraceElement[] trace = t.getStackTrace();
    for (int i = 0; i < trace.length; i++) {
      if (trace[i].getClassName().startsWith("lambdaworkbench.")) {
        t.setStackTrace(java.util.Arrays.copyOf(trace, i));
        break;
      }
    }
    if (t.getCause() != null && t.getCause() != t) trimmed(t.getCause());
    return t;
  }

  private static String message(Throwable t) {
    return t.getLocalizedMessage() == null ? t.getClass().getName() : t.getLocalizedMessage();
  }

  private static Map<String, Object> errorDoc(Throwable t) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("errorMessage", message(t));
    doc.put("errorType", t instanceof Fault ? ((Fault) t).type : t.getClass().getName());
    List<String> trace = new ArrayList<>();
    for (StackTraceElement e : t.getStackTrace()) trace.add(e.toString());
    doc.put("stackTrace", trace);
    if (t.getCause() != null && t.getCause() != t) doc.put("cause", errorDoc(t.getCause()));
    return doc;
  }

  /** What Lambda's java runtime logs for a failure: "message: type", then the printed stack trace. */
  private static void logError(Throwable t) {
    StringWriter sw = new StringWriter();
    if (!(t instanceof Fault) || t.getCause() != null) (t instanceof Fault ? t.getCause() : t).printStackTrace(new PrintWriter(sw));
    record(message(t) + ": " + (t instanceof Fault ? ((Fault) t).type : t.getClass().getName()) + "\n" + sw);
  }

  // ---------------------------------------------------------------------------------------------
  // The handler

  private static final class Handler {
    Object instance;
    Method method;
    boolean stream;
    int contextAt = -1;
  }

  private static boolean isContext(Class<?> c) {
    return c.getName().equals(CONTEXT);
  }

  private static boolean usable(Method m) {
    Class<?>[] p = m.getParameterTypes();
    int n = p.length;
    if (n >= 2 && p[0] == InputStream.class && p[1] == OutputStream.class) return n == 2 || n == 3 && isContext(p[2]);
    return n <= 1 || n == 2 && isContext(p[1]);
  }

  private static Handler loadHandler(String spec) {
    int sep = spec.indexOf("::");
    String className = sep < 0 ? spec : spec.substring(0, sep);
    String methodName = sep < 0 ? "handleRequest" : spec.substring(sep + 2);
    Class<?> c;
    try {
      c = Class.forName(className, true, Thread.currentThread().getContextClassLoader());
    } catch (ClassNotFoundException e) {
      throw new Fault(e.getClass().getName(), "Class not found: " + className, e);
    } catch (ExceptionInInitializerError e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new Fault(cause.getClass().getName(), "Error loading class " + className + ": " + message(cause), cause);
    } catch (LinkageError e) {
      throw new Fault(e.getClass().getName(), "Error loading class " + className + ": " + message(e), e);
    }
    List<Method> candidates = new ArrayList<>();
    for (Method m : c.getMethods()) if (m.getName().equals(methodName) && !m.isBridge() && !m.isSynthetic() && usable(m)) candidates.add(m);
    // As Lambda picks among overloads: the most parameters first, then one that takes a Context.
    candidates.sort(Comparator.comparingInt((Method m) -> -m.getParameterCount()).thenComparingInt(m -> {
      Class<?>[] p = m.getParameterTypes();
      return p.length > 0 && isContext(p[p.length - 1]) ? 0 : 1;
    }));
    if (candidates.isEmpty()) {
      throw new Fault("java.lang.NoSuchMethodException", "No public method named " + methodName + " with appropriate method signature found on class " + className, null);
    }
    Handler h = new Handler();
    h.method = candidates.get(0);
    Class<?>[] p = h.method.getParameterTypes();
    h.stream = p.length >= 2 && p[0] == InputStream.class && p[1] == OutputStream.class;
    if (p.length > 0 && isContext(p[p.length - 1])) h.contextAt = p.length - 1;
    if (!Modifier.isStatic(h.method.getModifiers())) {
      try {
        java.lang.reflect.Constructor<?> k = c.getDeclaredConstructor();
        k.setAccessible(true);
        h.instance = k.newInstance();
      } catch (InvocationTargetException e) {
        throw new Fault(e.getCause().getClass().getName(), "Error loading class " + className + ": " + message(e.getCause()), e.getCause());
      } catch (ReflectiveOperationException e) {
        throw new Fault(e.getClass().getName(), "Error loading class " + className + ": " + message(e), e);
      }
    }
    h.method.setAccessible(true);
    return h;
  }

  // ---------------------------------------------------------------------------------------------
  // The context: the user's own Context interface (from aws-lambda-java-core) implemented at run time.

  private static Object context(Class<?> type, Response next) {
    String requestId = next.headers.get("lambda-runtime-aws-request-id");
    long deadline = Long.parseLong(next.headers.getOrDefault("lambda-runtime-deadline-ms", "0"));
    return Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, m, args) -> {
      switch (m.getName()) {
        case "getAwsRequestId": return requestId;
        case "getLogGroupName": return System.getenv("AWS_LAMBDA_LOG_GROUP_NAME");
        case "getLogStreamName": return System.getenv("AWS_LAMBDA_LOG_STREAM_NAME");
        case "getFunctionName": return System.getenv("AWS_LAMBDA_FUNCTION_NAME");
        case "getFunctionVersion": return System.getenv("AWS_LAMBDA_FUNCTION_VERSION");
        case "getInvokedFunctionArn": return next.headers.get("lambda-runtime-invoked-function-arn");
        case "getRemainingTimeInMillis": return (int) Math.max(0, deadline - System.currentTimeMillis());
        case "getMemoryLimitInMB": return Integer.parseInt(env("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "128"));
        case "getXrayTraceId": return next.headers.get("lambda-runtime-trace-id");
        case "getLogger": return logger(m.getReturnType());
        case "toString": return "LambdaContext[" + requestId + "]";
        case "hashCode": return System.identityHashCode(proxy);
        case "equals": return proxy == args[0];
        default: return m.getReturnType().isPrimitive() ? (m.getReturnType() == boolean.class ? (Object) false : (Object) 0) : null;
      }
    });
  }

  private static Object logger(Class<?> type) {
    if (!type.isInterface()) return null;
    return Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, m, args) -> {
      if (m.getName().equals("log") && args != null && args.length > 0) {
        Object a = args[0];
        record(a instanceof byte[] ? new String((byte[]) a, StandardCharsets.UTF_8) : String.valueOf(a));
        return null;
      }
      if (m.getName().equals("hashCode")) return System.identityHashCode(proxy);
      if (m.getName().equals("equals")) return proxy == args[0];
      if (m.getName().equals("toString")) return "LambdaLogger";
      return null;
    });
  }

  // ---------------------------------------------------------------------------------------------
  // The loop

  private static byte[] invoke(Handler h, Response next) throws Throwable {
    Class<?>[] p = h.method.getParameterTypes();
    Object[] args = new Object[p.length];
    if (h.contextAt >= 0) args[h.contextAt] = context(p[h.contextAt], next);
    ByteArrayOutputStream sink = null;
    if (h.stream) {
      sink = new ByteArrayOutputStream();
      args[0] = new ByteArrayInputStream(next.body);
      args[1] = sink;
    } else if (p.length > 0 && h.contextAt != 0) {
      Type t = h.method.getGenericParameterTypes()[0];
      try {
        String text = new String(next.body, StandardCharsets.UTF_8);
        args[0] = Json.convert(text.isEmpty() ? null : Json.parse(text), t);
      } catch (RuntimeException | ReflectiveOperationException e) {
        throw new Fault("java.lang.RuntimeException", "An error occurred during JSON parsing", e instanceof InvocationTargetException ? e.getCause() : e);
      }
    }
    Object result;
    try {
      result = h.method.invoke(h.instance, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
    if (h.stream) return sink.toByteArray();
    try {
      return Json.write(result).getBytes(StandardCharsets.UTF_8);
    } catch (RuntimeException | ReflectiveOperationException e) {
      throw new Fault("java.lang.RuntimeException", "An error occurred during JSON serialization of response", e instanceof InvocationTargetException ? e.getCause() : e);
    }
  }

  public static void main(String[] argv) {
    System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8));
    try {
      run();
    } catch (IOException e) {
      // The service went away: this environment is over.
      System.exit(0);
    }
  }

  private static void run() throws IOException {
    Handler h;
    try {
      h = loadHandler(env("_HANDLER", ""));
    } catch (Throwable t) {
      trimmed(t);
      logError(t);
      postError("/init/error", t);
      System.exit(1);
      return;
    }
    Map<String, String> json = Map.of("Content-Type", "application/json");
    for (;;) {
      Response next = call("GET", "/invocation/next", NOTHING, Map.of());
      String id = next.headers.get("lambda-runtime-aws-request-id");
      String trace = next.headers.get("lambda-runtime-trace-id");
      if (trace != null) System.setProperty("com.amazonaws.xray.traceHeader", trace);
      else System.clearProperty("com.amazonaws.xray.traceHeader");
      byte[] payload;
      try {
        payload = invoke(h, next);
      } catch (Throwable t) {
        trimmed(t);
        System.out.flush();
        logError(t);
        postError("/invocation/" + id + "/error", t);
        continue;
      }
      System.out.flush();
      System.err.flush();
      call("POST", "/invocation/" + id + "/response", payload, json);
    }
  }
}
