"""A real SMTP server for reservegrid-testkit's SmtpTestServer: aiosmtpd on 127.0.0.1:<port>, in one of two modes.

  starttls  offers STARTTLS with the given PEM certificate and key and refuses everything but EHLO, NOOP and QUIT
            before it; then requires AUTH PLAIN or LOGIN with the given user and the password from the
            SMTP_TEST_PASSWORD environment variable (not an argument, which ps would show). Wrong credentials: 535.
  plain     offers neither STARTTLS nor AUTH and accepts every message: what a client does then is recorded.

Writes one JSON object per line to stdout: {"event": "ready", ...} once listening, then one per session event
(connect, ehlo, starttls, auth, message, disconnect). A message line carries mail_from, rcpt_tos, tls, auth_user and
data, the whole RFC 5322 message. Passwords are never written. Exits when stdin closes, so it never outlives the JVM.
"""

import argparse
import asyncio
import hmac
import json
import logging
import os
import ssl
import sys
import threading

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


def emit(event, **fields):
    # Flushed line by line: the Java side waits for "ready" and reads the messages as they arrive.
    print(json.dumps({"event": event, **fields}), flush=True)


def text(raw):
    return raw.decode("utf-8", errors="replace")


class Recorder:
    """aiosmtpd's handler hooks: record what the client does and accept every message."""

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        session.host_name = hostname  # aiosmtpd leaves this to the hook once there is one
        emit("ehlo", detail=hostname, tls=session.ssl is not None)
        return responses

    def handle_STARTTLS(self, server, session, envelope):
        # Called once the handshake is done; True lets the session go on over TLS.
        emit("starttls")
        return True

    async def handle_DATA(self, server, session, envelope):
        emit("message", mail_from=envelope.mail_from, rcpt_tos=envelope.rcpt_tos, tls=session.ssl is not None,
             auth_user=session.auth_data if session.authenticated else None, data=text(envelope.content))
        return "250 OK"


class Credentials:
    """aiosmtpd's authenticator for PLAIN and LOGIN: one user, one password."""

    def __init__(self, user, password):
        self.user, self.password = user.encode(), password.encode()

    def __call__(self, server, session, envelope, mechanism, auth_data):
        login = auth_data.login if isinstance(auth_data, LoginPassword) else b""
        ok = (isinstance(auth_data, LoginPassword) and hmac.compare_digest(login, self.user)
              and hmac.compare_digest(auth_data.password, self.password))
        emit("auth", detail=("ok " if ok else "failed ") + text(login), mechanism=mechanism)
        # handled=False: aiosmtpd answers 235, or 535 on failure.
        return AuthResult(success=ok, handled=False, auth_data=text(login) if ok else None)


class RecordingSMTP(SMTP):
    def connection_made(self, transport):
        upgrading = self.transport is not None  # aiosmtpd calls this again once STARTTLS has wrapped the socket
        super().connection_made(transport)
        if not upgrading:
            emit("connect")

    def connection_lost(self, error):
        emit("disconnect")
        super().connection_lost(error)


async def serve(args):
    options = {}
    if args.mode == "starttls":
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(args.cert, args.key)
        options = dict(tls_context=context, require_starttls=True, auth_required=True, auth_require_tls=True,
                       authenticator=Credentials(args.user, os.environ["SMTP_TEST_PASSWORD"]))
    loop = asyncio.get_running_loop()
    server = await loop.create_server(
        lambda: RecordingSMTP(Recorder(), hostname="localhost", loop=loop, **options), "127.0.0.1", args.port)
    emit("ready", detail=args.mode, port=args.port)
    await server.serve_forever()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=["starttls", "plain"])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--cert")
    parser.add_argument("--key")
    parser.add_argument("--user")
    args = parser.parse_args()
    # aiosmtpd warns on every login about a deprecated attribute it sets itself; keep stderr for real trouble.
    logging.getLogger("mail.log").setLevel(logging.ERROR)
    threading.Thread(target=lambda: (sys.stdin.read(), os._exit(0)), daemon=True).start()
    asyncio.run(serve(args))


if __name__ == "__main__":
    main()
