'use strict';
// Response streaming for the node runtime loop (bootstrap.js), as Lambda's node runtime offers it: the
// global awslambda.streamifyResponse marks a handler (event, responseStream, context) => Promise, and awslambda.HttpResponseStream.from writes the
// function-URL prelude (JSON metadata, then 8 zero bytes) before the first chunk. The response goes to
// the Runtime API as one chunked POST (Lambda-Runtime-Function-Response-Mode: streaming) written as the
// handler writes; an error after that is sent as trailers.

module.exports = function setup({ API_HOST, API_PORT, BASE, RuntimeError, toLambdaError, writeInvokeError, headerSafe }) {
  const STREAMING = Symbol.for('aws.lambda.runtime.handler.streaming');
  const HIGH_WATER_MARK = Symbol.for('aws.lambda.runtime.handler.streaming.highWaterMark');
  const ERROR_TYPE_TRAILER = 'Lambda-Runtime-Function-Error-Type';
  const ERROR_BODY_TRAILER = 'Lambda-Runtime-Function-Error-Body';

  class HttpResponseStream {
    static from(underlyingStream, prelude) {
      underlyingStream.setContentType('application/vnd.awslambda.http-integration-response');
      // JSON only: the prelude may hold no zero byte, which ends it.
      const metadata = JSON.stringify(prelude);
      underlyingStream._onBeforeFirstWrite = (write) => {
        write(metadata);
        write(new Uint8Array(8));
      };
      return underlyingStream;
    }
  }

  globalThis.awslambda = {
    streamifyResponse(handler, options) {
      handler[STREAMING] = 'response';
      if (options && typeof options.highWaterMark === 'number') handler[HIGH_WATER_MARK] = Math.floor(options.highWaterMark);
      return handler;
    },
    HttpResponseStream,
  };

  /** The writable the handler writes to: an HTTP request to the Runtime API, opened by its first write. */
  function createResponseStream(requestId, highWaterMark) {
    const http = require('node:http');
    const req = http.request({
      host: API_HOST,
      port: Number(API_PORT),
      method: 'POST',
      path: `${BASE}/invocation/${requestId}/response`,
      agent: false,
      highWaterMark,
      headers: {
        'Lambda-Runtime-Function-Response-Mode': 'streaming',
        'Transfer-Encoding': 'chunked',
        Trailer: `${ERROR_TYPE_TRAILER}, ${ERROR_BODY_TRAILER}`,
        'Content-Type': 'application/octet-stream',
      },
    });
    const done = new Promise((resolve) => {
      req.on('response', (res) => {
        res.resume();
        res.on('end', resolve);
        res.on('error', resolve);
      });
      req.on('error', resolve);
    });
    let started = false;
    const origWrite = req.write.bind(req);
    const origEnd = req.end.bind(req);
    const begin = () => {
      if (started) return;
      started = true;
      if (typeof req._onBeforeFirstWrite === 'function') req._onBeforeFirstWrite((c) => origWrite(c));
    };
    req.setContentType = (contentType) => {
      if (started) throw new RuntimeError('Runtime.InvalidStreamingOperation', 'Cannot set content-type, too late.');
      req.setHeader('Content-Type', contentType);
    };
    req.write = (chunk, encoding, cb) => {
      if (typeof chunk !== 'string' && !Buffer.isBuffer(chunk) && !(chunk instanceof Uint8Array)) chunk = JSON.stringify(chunk);
      begin();
      return origWrite(chunk, encoding, cb);
    };
    req.end = (chunk, encoding, cb) => {
      if (typeof chunk === 'function') return req.end(undefined, undefined, chunk);
      if (typeof encoding === 'function') return req.end(chunk, undefined, encoding);
      if (chunk !== undefined && chunk !== null) req.write(chunk, encoding);
      begin();
      origEnd(cb);
      return req;
    };
    const fail = (err) => {
      const lambdaErr = toLambdaError(err);
      writeInvokeError(lambdaErr);
      if (req.writableEnded) return;
      req.addTrailers({
        [ERROR_TYPE_TRAILER]: headerSafe(lambdaErr.errorType),
        [ERROR_BODY_TRAILER]: Buffer.from(JSON.stringify(lambdaErr)).toString('base64'),
      });
      origEnd();
    };
    return { stream: req, done, fail };
  }

  async function invoke(handler, event, requestId, makeContext) {
    const { stream, done, fail } = createResponseStream(requestId, handler[HIGH_WATER_MARK]);
    const context = makeContext(() => undefined);
    try {
      const ret = handler(event, stream, context);
      if (!ret || typeof ret.then !== 'function') throw new Error('Streaming does not support non-async handlers.');
      const result = await ret;
      if (result !== undefined) console.warn('Streaming handlers ignore return values.');
      if (!stream.writableEnded) throw new Error('Response stream is not finished.');
    } catch (e) {
      fail(e == null ? new Error('undefined') : e);
    }
    await done;
  }

  return { isStreaming: (handler) => handler[STREAMING] === 'response', invoke };
};
