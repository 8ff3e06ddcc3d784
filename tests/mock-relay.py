#!/usr/bin/env python3
"""A mock of the open1 relay on loopback, for trying `open1-snip send` without a key or a network.

    python3 tests/mock-relay.py [PORT]      # default 8787; 0 picks a free port

It prints `mock relay on http://127.0.0.1:PORT` once it listens, then answers POST /v1/responses
as the relay does (New API's error shapes): the key sk-test-0123456789abcdef is the only valid one
(401 otherwise); a request without a curl User-Agent gets the proxy's 403 page "error code: 1010";
a model the relay does not route (not in the docs page's available models) gets 503
model_not_found; anything else gets the Responses API's reply "OK", as JSON or, with
"stream": true, as server-sent events. Python 3 standard library only.

The relay's other real failures — its upstream's errors it passes through, and the answers of
the CDN in front of it — are asked for with the header `X-Mock-Failure: NAME` (see FAILURES):
usage-limit, model-cooldown, unavailable, organization-disabled, cloudflare-block, 1010.
"""

import json
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

KEY = "sk-test-0123456789abcdef"
MODELS = {"gpt-5.4", "gpt-5.3-codex", "gpt-5.2", "gpt-5.2-codex", "gpt-5.1-codex-max",
          "gpt-5.1-codex", "gpt-5.1", "gpt-5.1-codex-mini", "gpt-5"}
REQUEST_ID = "20261125084500123456789"
CF_RAY = "8e4c3b2a1d0f9e8c-SJC"

# X-Mock-Failure: NAME → (status, content type, extra headers, body), as the relay's users
# recorded them.
FAILURES = {
    "usage-limit": (429, "application/json", {}, json.dumps({"error": {
        "type": "usage_limit_reached", "message": "The usage limit has been reached",
        "plan_type": "team", "resets_in_seconds": 11773}})),
    "model-cooldown": (429, "application/json", {}, json.dumps({"error": {
        "code": "model_cooldown", "message": "All credentials for model gpt-5.4(high) are cooling down",
        "model": "gpt-5.4(high)", "reset_seconds": 41, "reset_time": "41s"}})),
    "unavailable": (503, "text/plain; charset=UTF-8", {"cf-ray": CF_RAY},
                    "Service temporarily unavailable"),
    "organization-disabled": (400, "application/json", {}, json.dumps({
        "type": "error", "error": {"type": "invalid_request_error",
                                   "message": "This organization has been disabled."},
        "request_id": "req_011CZq7wB4mNcXh2LkTe9RvA"})),
    "cloudflare-block": (403, "text/html; charset=UTF-8", {"cf-ray": CF_RAY},
                         "<!DOCTYPE html>\n<html><head><title>Attention Required! | Cloudflare</title></head>\n"
                         "<body><h1>Sorry, you have been blocked</h1>\n"
                         "<p>This website is using a security service to protect itself from online attacks.</p>\n"
                         f"<span>Cloudflare Ray ID: <strong>{CF_RAY.split('-')[0]}</strong></span></body></html>\n"),
    "1010": (403, "text/plain; charset=UTF-8", {"cf-ray": CF_RAY}, "error code: 1010"),
}


def response_object(model, text, status="completed"):
    return {
        "id": "resp_mock", "object": "response", "created_at": 1764060000, "status": status,
        "error": None, "incomplete_details": None, "model": model,
        "output": [
            {"id": "rs_1", "type": "reasoning", "summary": []},
            {"id": "msg_1", "type": "message", "status": "completed", "role": "assistant",
             "content": [{"type": "output_text", "text": text, "annotations": []}]},
        ],
        "usage": {"input_tokens": 14, "output_tokens": 6, "total_tokens": 20,
                  "input_tokens_details": {"cached_tokens": 0},
                  "output_tokens_details": {"reasoning_tokens": 4}},
    }


class Relay(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def answer(self, status, content_type, body, headers=None):
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def error(self, status, message, code=""):
        body = {"error": {"message": f"{message} (request id: {REQUEST_ID})",
                          "type": "new_api_error", "code": code}}
        self.answer(status, "application/json", json.dumps(body, ensure_ascii=False).encode())

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        if not self.headers.get("User-Agent", "").startswith("curl/"):
            return self.answer(403, "text/plain; charset=UTF-8", b"error code: 1010")
        failure = self.headers.get("X-Mock-Failure")
        if failure is not None:
            if failure not in FAILURES:
                return self.error(400, f"X-Mock-Failure: {failure} is not one of {', '.join(FAILURES)}")
            status, content_type, headers, text = FAILURES[failure]
            return self.answer(status, content_type, text.encode(), headers)
        if self.path != "/v1/responses":
            return self.error(404, f"Invalid URL (POST {self.path})")
        if self.headers.get("Authorization") != f"Bearer {KEY}":
            return self.error(401, "无效的令牌")
        try:
            request = json.loads(body)
            model = request["model"]
        except (ValueError, KeyError, TypeError):
            return self.error(400, "invalid request body")
        if model not in MODELS:
            return self.error(503, f"当前分组 default 下对于模型 {model} 无可用渠道", "model_not_found")
        if request.get("stream") is not True:
            return self.answer(200, "application/json", json.dumps(response_object(model, "OK")).encode())
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        events = [{"type": "response.created", "response": response_object(model, "", "in_progress")}]
        events += [{"type": "response.output_text.delta", "delta": d} for d in ("O", "K")]
        events.append({"type": "response.completed", "response": response_object(model, "OK")})
        for event in events:
            data = f"event: {event['type']}\ndata: {json.dumps(event)}\n\n".encode()
            self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
            self.wfile.flush()
        self.wfile.write(b"0\r\n\r\n")


class Server(ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        # A client that exits with its kept-alive connection open resets it: not an error.
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)


def main():
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 8787
    server = Server(("127.0.0.1", port), Relay)
    print(f"mock relay on http://127.0.0.1:{server.server_address[1]}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
