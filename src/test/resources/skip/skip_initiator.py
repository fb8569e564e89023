#!/usr/bin/env python3
"""An independent SKIP sync initiator (qkd mode) for SkipSyncPythonIT, written from
docs/protocol-v2.md (section 4) and docs/skip.md ("Synchronisation") only, with the standard
library: signs POST /api/v2/peer/skip, verifies the signed answer and the key confirmation, and
prints the derived key in hex. Secrets come as JSON on stdin, never in argv."""
import base64
import hashlib
import hmac
import json
import os
import struct
import sys
import urllib.error
import urllib.request


def lp(b):
    if isinstance(b, str):
        b = b.encode()
    return struct.pack(">I", len(b)) + b


def hm(key, data):
    return hmac.new(key, data, hashlib.sha256).digest()


def hkdf(salt, ikm, info, length):
    prk = hm(salt if salt else bytes(32), ikm)
    out, block, i = b"", b"", 1
    while len(out) < length:
        block = hm(prk, block + info + bytes([i]))
        out += block
        i += 1
    return out[:length]


def b64url(b):
    return base64.urlsafe_b64encode(b).rstrip(b"=").decode()


def main():
    p = json.load(sys.stdin)
    k_auth = bytes.fromhex(p["auth_key"])
    kq = bytes.fromhex(p["kq"])
    a, b = p["self"], p["peer"]
    path = "/api/v2/peer/skip"
    sync = {"skip_key_id": os.urandom(16).hex(), "size_bits": p["size_bits"],
            "system_id": p["system_id"], "remote_system_id": p["remote_system_id"],
            "mode": "qkd", "key_ID": p["key_ref"]}
    body = json.dumps(sync).encode()
    nonce = b64url(os.urandom(16))
    ts = str(p["ts"])
    k_req = hkdf(b"", k_auth, b"ukms v2 request mac", 32)
    mac = hm(k_req, lp("ukms v2 request") + lp("POST") + lp(path) + lp(a) + lp(b) + lp(ts)
             + lp(nonce) + lp(hashlib.sha3_256(body).digest()))
    header = "v2 sender=%s, receiver=%s, ts=%s, nonce=%s, mac=%s" % (a, b, ts, nonce, b64url(mac))
    req = urllib.request.Request(p["url"] + path, data=body, method="POST",
                                 headers={"Ukms-Auth": header,
                                          "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            status, answer, sig = r.status, r.read(), r.headers["Ukms-Auth"]
    except urllib.error.HTTPError as e:
        print("refused %d %s" % (e.code, e.read().decode()))
        return 1
    k_resp = hkdf(b"", k_auth, b"ukms v2 response mac", 32)
    expect = hm(k_resp, lp("ukms v2 response") + lp(nonce) + lp(str(status)) + lp(b) + lp(a)
                + lp(hashlib.sha3_256(answer).digest()))
    if sig != "v2 mac=" + b64url(expect):
        print("answer signature does not verify")
        return 1
    n = sync["size_bits"]
    t = hashlib.sha3_256(lp("ukms skip transcript") + lp(a) + lp(b) + lp(sync["skip_key_id"])
                         + lp(str(n)) + lp(sync["system_id"]) + lp(sync["remote_system_id"])
                         + lp("qkd") + lp(sync["key_ID"]) + lp(b"") + lp(b"")).digest()
    salt = hkdf(b"", k_auth, b"ukms skip salt", 32)
    prk = hm(salt, lp("ukms skip ikm") + lp(kq) + lp(b""))
    okm = hkdf_expand(prk, lp("ukms skip key") + t, n // 8 + 32)
    key, kc = okm[:n // 8], okm[n // 8:]
    confirm = base64.b64decode(json.loads(answer)["confirm"])
    if not hmac.compare_digest(confirm, hm(kc, lp("R") + t)):
        print("key confirmation does not verify")
        return 1
    print("ok %s %s" % (sync["skip_key_id"], key.hex()))
    return 0


def hkdf_expand(prk, info, length):
    out, block, i = b"", b"", 1
    while len(out) < length:
        block = hm(prk, block + info + bytes([i]))
        out += block
        i += 1
    return out[:length]


if __name__ == "__main__":
    sys.exit(main())
