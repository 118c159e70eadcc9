"""A Bolt 5 client by hand, for what a driver does not let a test do: send
RESET while a statement runs, or hang up in the middle of one."""

import socket
import ssl
import struct


def pack(value):
    if value is None:
        return b"\xC0"
    if isinstance(value, bool):
        return b"\xC3" if value else b"\xC2"
    if isinstance(value, int):
        return b"\xCB" + struct.pack(">q", value)
    if isinstance(value, str):
        data = value.encode()
        return b"\xD0" + bytes([len(data)]) + data if len(data) < 256 else b"\xD1" + struct.pack(">H", len(data)) + data
    if isinstance(value, dict):
        return bytes([0xA0 + len(value)]) + b"".join(pack(k) + pack(v) for k, v in value.items())
    raise TypeError(value)


def message(tag, *fields):
    body = bytes([0xB0 + len(fields), tag]) + b"".join(pack(f) for f in fields)
    return struct.pack(">H", len(body)) + body + b"\x00\x00"


HELLO, LOGON, RUN, PULL, RESET, BEGIN = 0x01, 0x6A, 0x10, 0x3F, 0x0F, 0x11
SUCCESS, RECORD, IGNORED, FAILURE = 0x70, 0x71, 0x7E, 0x7F


class Client:
    """A logged-in connection; `answer()` reads one reply's tag."""

    def __init__(self, address, password, timeout=60, tls=False):
        host, port = address.rsplit(":", 1)
        self.sock = socket.create_connection((host, int(port)), timeout=timeout)
        if tls:  # a self-signed certificate
            context = ssl.create_default_context()
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
            self.sock = context.wrap_socket(self.sock, server_hostname=host)
        self.sock.sendall(b"\x60\x60\xB0\x17" + bytes([0, 0, 4, 5]) + bytes(12))
        assert self.recv(4) == bytes([0, 0, 4, 5])
        self.send(message(HELLO, {"user_agent": "raw/1"}))
        self.send(message(LOGON, {"scheme": "basic", "principal": "neo4j", "credentials": password}))
        assert self.answer() == SUCCESS and self.answer() == SUCCESS

    def send(self, *messages):
        self.sock.sendall(b"".join(messages))

    def recv(self, n):
        data = b""
        while len(data) < n:
            chunk = self.sock.recv(n - len(data))
            if not chunk:
                raise EOFError("the server closed the connection")
            data += chunk
        return data

    def answer(self):
        body = b""
        while True:
            (size,) = struct.unpack(">H", self.recv(2))
            if size == 0:
                break
            body += self.recv(size)
        return body[1]

    def close(self):
        self.sock.close()
