"""A real SMTP server for the e-mail tests (aiosmtpd), on a loopback port.

Usage: python3 smtp_sink.py DIR PORT   (PORT 0: any free port)

Prints "listening on PORT" once it accepts connections. Every message it accepts is written to
DIR/msg-<n>.json: {"mail_from", "rcpt_tos", "data"}. While the file DIR/stall exists, a message's
DATA is held (DIR/stalled is created to say so) and, once DIR/stall is removed, refused with 451
and not stored: the sender's attempt is interrupted mid-transaction, as in a crash.
"""

import asyncio
import itertools
import json
import os
import sys

from aiosmtpd.smtp import SMTP


class Sink:
    def __init__(self, directory):
        self.directory = directory
        self.counter = itertools.count(1)

    async def handle_DATA(self, server, session, envelope):
        stall = os.path.join(self.directory, "stall")
        if os.path.exists(stall):
            open(os.path.join(self.directory, "stalled"), "w").close()
            while os.path.exists(stall):
                await asyncio.sleep(0.05)
            return "451 4.3.0 held by the test, try again"
        n = next(self.counter)
        record = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": list(envelope.rcpt_tos),
            "data": envelope.content.decode("utf-8", "replace"),
        }
        tmp = os.path.join(self.directory, f".msg-{n}.tmp")
        with open(tmp, "w") as f:
            json.dump(record, f)
        os.replace(tmp, os.path.join(self.directory, f"msg-{n}.json"))
        return "250 OK"


async def main():
    directory, port = sys.argv[1], int(sys.argv[2])
    loop = asyncio.get_running_loop()
    sink = Sink(directory)  # one numbering for every connection
    server = await loop.create_server(
        lambda: SMTP(sink, hostname="sink.test"), "127.0.0.1", port
    )
    print(f"listening on {server.sockets[0].getsockname()[1]}", flush=True)
    await server.serve_forever()


asyncio.run(main())
