# An SMTP server on loopback (aiosmtpd, Debian's python3-aiosmtpd) that prints each message it receives, as
# received, in base64 on one line. Usage: python3 smtp_sink.py PORT; it prints "ready", then serves until
# its stdin closes.
import base64, sys
from aiosmtpd.controller import Controller

class Sink:
    async def handle_DATA(self, server, session, envelope):
        print(base64.b64encode(envelope.original_content).decode("ascii"), flush=True)
        return "250 OK"

controller = Controller(Sink(), hostname="127.0.0.1", port=int(sys.argv[1]))
controller.start()
print("ready", flush=True)
sys.stdin.read()
controller.stop()
