#!/usr/bin/python3
"""A real SMTP server for tests: accepts every message on 127.0.0.1 and keeps it on disk.

    python3 tests/support/smtp_sink.py --port P --maildir DIR [--port-file F]
        [--forward-url URL --forward-token TOKEN] [--auth USER:PASSWORD]

Each message becomes DIR/<n>.eml (the bytes as received, after SMTP dot-unstuffing) with its
envelope in DIR/<n>.json ({"mail_from": ..., "rcpt_tos": [...]}), n = 1, 2, ... The .json is
written first and the .eml appears whole (renamed into place), so a test may poll for it.

--forward-url POSTs each message to URL with Content-Type: message/rfc822 and Authorization:
Bearer TOKEN, as a postfix pipe transport would hand replies to Tequio's inbound endpoint. A
forward that fails (connection error or a non-2xx status) answers the SMTP client 451, so the
sender keeps the message and retries. --auth requires SMTP AUTH (PLAIN or LOGIN, allowed
without TLS: this is a test server) with that user and password.

--port 0 picks a free port; --port-file F then receives it (written atomically once the server
listens). SIGTERM or SIGINT stops the server and exits with status 0. Logs go to stderr.
Needs only the standard library and aiosmtpd (Debian: python3-aiosmtpd).
"""

import argparse
import asyncio
import json
import os
import signal
import sys
import urllib.error
import urllib.request

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


def log(message):
    print(f"smtp_sink: {message}", file=sys.stderr, flush=True)


def write_atomically(path, data):
    tmp = f"{path}.tmp"
    with open(tmp, "wb") as f:
        f.write(data)
    os.replace(tmp, path)


class Sink:
    def __init__(self, maildir, forward_url, forward_token):
        self.maildir = maildir
        self.forward_url = forward_url
        self.forward_token = forward_token
        self.count = 0

    def forward(self, raw):
        request = urllib.request.Request(self.forward_url, data=raw, method="POST")
        request.add_header("Content-Type", "message/rfc822")
        if self.forward_token:
            request.add_header("Authorization", f"Bearer {self.forward_token}")
        try:
            # Straight to the endpoint: a proxy from the environment must not catch local URLs.
            opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
            with opener.open(request, timeout=30) as response:
                return response.status, response.read(500).decode("utf-8", "replace")
        except urllib.error.HTTPError as e:
            return e.code, e.read(500).decode("utf-8", "replace")
        except Exception as e:  # connection refused, timeout, bad URL
            return None, str(e)

    async def handle_DATA(self, server, session, envelope):
        raw = envelope.original_content or b""
        # Only this coroutine touches count, between awaits, so numbering is race-free.
        self.count += 1
        n = self.count
        base = os.path.join(self.maildir, str(n))
        meta = {"mail_from": envelope.mail_from, "rcpt_tos": list(envelope.rcpt_tos)}
        write_atomically(base + ".json", json.dumps(meta, ensure_ascii=False).encode("utf-8"))
        write_atomically(base + ".eml", raw)
        log(f"stored {n}.eml ({len(raw)} bytes) from {envelope.mail_from} to {envelope.rcpt_tos}")
        if self.forward_url:
            loop = asyncio.get_running_loop()
            status, body = await loop.run_in_executor(None, self.forward, raw)
            log(f"forward {n}.eml to {self.forward_url}: {status if status is not None else 'error'} {body[:200]}")
            if status is None or not 200 <= status < 300:
                return f"451 4.3.0 Forward failed: {status if status is not None else body[:100]}"
        return "250 2.0.0 OK"


def make_authenticator(user, password):
    def authenticate(server, session, envelope, mechanism, auth_data):
        ok = (isinstance(auth_data, LoginPassword)
              and auth_data.login.decode("utf-8", "replace") == user
              and auth_data.password.decode("utf-8", "replace") == password)
        return AuthResult(success=ok, handled=False)  # handled=False: aiosmtpd answers 235/535
    return authenticate


async def serve(args):
    os.makedirs(args.maildir, exist_ok=True)
    loop = asyncio.get_running_loop()
    handler = Sink(args.maildir, args.forward_url, args.forward_token)
    options = dict(loop=loop, hostname="sink.test", enable_SMTPUTF8=True, data_size_limit=64 * 1024 * 1024)
    if args.auth:
        user, _, password = args.auth.partition(":")
        options.update(authenticator=make_authenticator(user, password), auth_required=True,
                       auth_require_tls=False)
    server = await loop.create_server(lambda: SMTP(handler, **options), host="127.0.0.1", port=args.port)
    port = server.sockets[0].getsockname()[1]
    if args.port_file:
        write_atomically(args.port_file, f"{port}\n".encode())
    log(f"listening on 127.0.0.1:{port}, storing in {args.maildir}")

    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    await stop.wait()
    server.close()
    await server.wait_closed()
    log("stopped")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True, help="0 picks a free port")
    parser.add_argument("--maildir", required=True)
    parser.add_argument("--port-file")
    parser.add_argument("--forward-url")
    parser.add_argument("--forward-token", default="")
    parser.add_argument("--auth", help="USER:PASSWORD required from clients")
    args = parser.parse_args()
    if args.port == 0 and not args.port_file:
        parser.error("--port 0 needs --port-file")
    asyncio.run(serve(args))
    return 0


if __name__ == "__main__":
    sys.exit(main())
