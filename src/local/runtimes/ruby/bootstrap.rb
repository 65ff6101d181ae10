# Lambda Workbench's ruby runtime loop: a small client of the Runtime API (2018-06-01) that requires
# the handler's file, then asks for invocations forever. Standard library only; logging and errors
# shaped like Lambda's ruby runtime (Function<Class> error types, Logger's "I, [time #pid]  INFO id"
# lines, puts as one log event) so what users see locally is what they see in CloudWatch.
# net/http costs more at start than the whole loop: the client below is a minimal HTTP/1.1 client over
# one keep-alive socket to our own loopback server, which always answers with Content-Length.
require 'socket'
require 'json'
require 'logger'

$stdout.sync = true
$stderr.sync = true

module LambdaWorkbench
  API = ENV.fetch('AWS_LAMBDA_RUNTIME_API', '127.0.0.1:9001')
  BASE = '/2018-06-01/runtime'
  JSON_LOGS = ENV['AWS_LAMBDA_LOG_FORMAT'] == 'JSON'
  OUT = IO.new(1, 'w', autoclose: false)
  OUT.sync = true

  class ApiClosed < StandardError; end

  # A multi-line record becomes one line with \r, which the service turns back into one log event.
  def self.write_record(text)
    OUT.write(text.to_s.encode('UTF-8', invalid: :replace, undef: :replace).gsub(/\r?\n/, "\r").chomp("\r") + "\n")
  rescue IOError, SystemCallError
    nil # stdout closed: the service went away
  end

  module Api
    @sock = nil
    @buf = +''

    class << self
      def call(method, path, body = '', headers = {})
        body = body.to_s.b
        head = +"#{method} #{BASE}#{path} HTTP/1.1\r\nHost: #{API}\r\nContent-Length: #{body.bytesize}\r\n"
        headers.each { |k, v| head << "#{k}: #{v.to_s.gsub(/[^\x20-\x7e]/, '?')}\r\n" }
        request = head.b << "\r\n" << body
        2.times do |attempt|
          begin
            connect unless @sock
            @sock.write(request)
            return read_response
          rescue SystemCallError, IOError, ApiClosed
            close
            raise ApiClosed if attempt == 1
          end
        end
      end

      private

      def connect
        host, port = API.split(':', 2)
        @sock = TCPSocket.new(host, port.to_i)
        @sock.setsockopt(Socket::IPPROTO_TCP, Socket::TCP_NODELAY, 1)
        @buf = +''.b
      end

      def close
        @sock&.close
      rescue IOError, SystemCallError
        nil
      ensure
        @sock = nil
      end

      def fill
        chunk = @sock.readpartial(65_536)
        @buf << chunk
      rescue EOFError
        raise ApiClosed
      end

      def read_response
        fill until (i = @buf.index("\r\n\r\n"))
        lines = @buf[0, i].split("\r\n")
        @buf = @buf[(i + 4)..]
        status = lines.shift.split(' ', 3)[1].to_i
        headers = {}
        lines.each do |l|
          k, v = l.split(':', 2)
          headers[k.strip.downcase] = v.to_s.strip if v
        end
        n = headers['content-length'].to_i
        fill while @buf.bytesize < n
        body = @buf[0, n]
        @buf = @buf[n..] || +''.b
        [status, headers, body.force_encoding('UTF-8')]
      end
    end
  end

  # Logger's format as Lambda's ruby runtime sets it: its default layout with the request id.
  class LogFormatter < Logger::Formatter
    def call(severity, time, progname, msg)
      if JSON_LOGS
        doc = { timestamp: time.utc.strftime('%Y-%m-%dT%H:%M:%S.%6NZ'), level: severity, message: msg.is_a?(Exception) ? msg.message : msg2str(msg),
                requestId: $_global_aws_request_id }
        doc[:logger] = progname.to_s if progname && !progname.to_s.empty?
        if msg.is_a?(Exception)
          doc.merge!(errorType: msg.class.to_s, errorMessage: msg.message, stackTrace: Array(msg.backtrace))
        end
        return JSON.generate(doc.compact) + "\n"
      end
      format("%s, [%s #%d] %5s %s -- %s: %s\n", severity[0], time.strftime('%Y-%m-%dT%H:%M:%S.%6N'), Process.pid, severity, $_global_aws_request_id,
             progname, msg2str(msg))
    end
  end

  # What a Logger on $stdout / $stderr writes to: one record, one log event.
  class LogSink
    def write(text)
      LambdaWorkbench.write_record(text)
      text.to_s.bytesize
    end

    def close; end
  end

  module LoggerPatch
    def initialize(logdev = nil, *args, **kw)
      if logdev.nil? || logdev.equal?($stdout) || logdev.equal?($stderr) || logdev.equal?(STDOUT) || logdev.equal?(STDERR)
        kw[:formatter] ||= LogFormatter.new
        logdev = LogSink.new
      end
      super(logdev, *args, **kw)
    end
  end

  class Context
    attr_reader :aws_request_id, :function_name, :function_version, :invoked_function_arn, :memory_limit_in_mb, :log_group_name,
                :log_stream_name, :deadline_ms, :identity, :client_context

    def initialize(request_id, headers)
      @aws_request_id = request_id
      @function_name = ENV['AWS_LAMBDA_FUNCTION_NAME']
      @function_version = ENV['AWS_LAMBDA_FUNCTION_VERSION']
      @invoked_function_arn = headers['lambda-runtime-invoked-function-arn']
      @memory_limit_in_mb = ENV['AWS_LAMBDA_FUNCTION_MEMORY_SIZE']
      @log_group_name = ENV['AWS_LAMBDA_LOG_GROUP_NAME']
      @log_stream_name = ENV['AWS_LAMBDA_LOG_STREAM_NAME']
      @deadline_ms = headers['lambda-runtime-deadline-ms'].to_i
      @identity = LambdaWorkbench.parse(headers['lambda-runtime-cognito-identity'])
      @client_context = LambdaWorkbench.parse(headers['lambda-runtime-client-context'])
    end

    def get_remaining_time_in_millis
      [@deadline_ms - (Process.clock_gettime(Process::CLOCK_REALTIME, :millisecond)), 0].max
    end
  end

  def self.parse(text)
    text && !text.empty? ? JSON.parse(text) : nil
  rescue JSON::ParserError
    nil
  end

  # errorType is "Function<Class>" for the handler's errors and "Init<Class>" for init's, as Lambda's
  # ruby runtime names them; the trace stops where our loop begins.
  def self.error_doc(err, classification)
    trace = Array(err.backtrace).take_while { |l| !l.start_with?(__FILE__) }
    { errorMessage: err.message, errorType: "#{classification}<#{err.class}>", stackTrace: trace }
  end

  def self.post_error(path, doc)
    Api.call('POST', path, JSON.generate(doc), 'Content-Type' => 'application/json', 'Lambda-Runtime-Function-Error-Type' => doc[:errorType])
  end

  def self.log_error(message, doc)
    write_record("#{message}\n#{JSON.pretty_generate(doc)}")
  end

  class InitError < StandardError
    attr_reader :type

    def initialize(type, message)
      super(message)
      @type = type
    end
  end

  # "file.method" or "dir/file.Module::Class.method": the file is required at init; the method (of
  # the main object, or a class method of the constant) is looked up per invoke, as Lambda's runtime
  # does, so a misspelt one fails the invoke with Function<NoMethodError>.
  def self.load_handler
    spec = ENV['_HANDLER'].to_s
    file, rest = spec.split('.', 2)
    raise InitError.new('Runtime.MalformedHandlerName', "Bad handler #{spec}: expected FILENAME.METHOD or FILENAME.CLASS.METHOD") if rest.nil? || rest.empty?

    require File.join(ENV.fetch('LAMBDA_TASK_ROOT', Dir.pwd), file)
    *owner, method = rest.split('.')
    [owner.empty? ? nil : owner.join('.'), method]
  end

  def self.run
    Logger.prepend(LoggerPatch)
    Kernel.module_eval do
      # Lambda's puts: its arguments as one log event.
      def puts(*args)
        return LambdaWorkbench.write_record('') if args.empty?

        LambdaWorkbench.write_record(args.flatten.map(&:to_s).join("\n"))
        nil
      end
    end
    $LOAD_PATH.unshift(ENV.fetch('LAMBDA_TASK_ROOT', Dir.pwd))
    begin
      owner, method = load_handler
    rescue InitError => e
      doc = { errorMessage: e.message, errorType: e.type, stackTrace: [] }
      log_error("Init error when loading handler #{ENV['_HANDLER']}", doc)
      post_error('/init/error', doc)
      exit(1)
    rescue ScriptError, StandardError => e
      doc = error_doc(e, 'Init')
      log_error("Init error when loading handler #{ENV['_HANDLER']}", doc)
      post_error('/init/error', doc)
      exit(1)
    end
    loop { invoke_once(owner, method) }
  end

  def self.invoke_once(owner, method)
    _status, headers, body = Api.call('GET', '/invocation/next')
    request_id = headers['lambda-runtime-aws-request-id']
    $_global_aws_request_id = request_id
    trace = headers['lambda-runtime-trace-id']
    trace ? ENV['_X_AMZN_TRACE_ID'] = trace : ENV.delete('_X_AMZN_TRACE_ID')
    begin
      event = body.empty? ? {} : JSON.parse(body)
    rescue JSON::ParserError => e
      return post_error("/invocation/#{request_id}/error", { errorMessage: "Unable to unmarshal input: #{e.message}", errorType: 'Runtime.UnmarshalError', stackTrace: [] })
    end
    context = Context.new(request_id, headers)
    begin
      target = owner ? Object.const_get(owner) : TOPLEVEL_BINDING.receiver
      result = target.__send__(method, event: event, context: context)
      payload = result.nil? ? 'null' : result.to_json
    rescue StandardError, ScriptError, SystemStackError, NoMemoryError => e
      doc = error_doc(e, 'Function')
      log_error('Error raised from handler method', doc)
      return post_error("/invocation/#{request_id}/error", doc)
    end
    Api.call('POST', "/invocation/#{request_id}/response", payload, 'Content-Type' => 'application/json')
  end
end

begin
  LambdaWorkbench.run
rescue LambdaWorkbench::ApiClosed, SystemCallError
  # The service went away: this environment is over.
  exit(0)
end
