"""TOTP enrolment and verification, replay refusal, and single-use recovery codes."""

from __future__ import annotations

import base64
import re
from datetime import UTC, datetime
from urllib.parse import parse_qs, unquote, urlsplit

import pyotp
import pytest

from app.security import totp

T0 = 1_700_000_010.0  # 10 s into a 30 s step


def _code(secret: str, at: float) -> str:
    return pyotp.TOTP(secret).at(at)


def test_enrolment_uri_and_qr():
    secret = totp.new_secret()
    assert len(base64.b32decode(secret)) == 20  # 160 bits
    uri = totp.provisioning_uri(secret, "alice@coalition.example")
    parts = urlsplit(uri)
    assert parts.scheme == "otpauth" and parts.netloc == "totp"
    assert unquote(parts.path) == "/Sanctions Coalition Portal:alice@coalition.example"
    query = parse_qs(parts.query)
    assert query["secret"] == [secret] and query["issuer"] == ["Sanctions Coalition Portal"]

    svg = totp.qr_svg(uri)
    assert svg.startswith("<svg") and svg.rstrip().endswith("</svg>")
    assert "<?xml" not in svg  # embeddable inline


def test_verify_returns_step_and_accepts_formatting():
    secret = totp.new_secret()
    step = int(T0 // 30)
    code = _code(secret, T0)
    assert totp.verify(secret, code, None, now=T0) == step
    assert totp.verify(secret, f"{code[:3]} {code[3:]}", None, now=T0) == step
    assert totp.verify(secret, code, None, now=datetime.fromtimestamp(T0, tz=UTC)) == step


def test_wrong_or_malformed_codes_are_refused():
    secret = totp.new_secret()
    good = _code(secret, T0)
    wrong = f"{(int(good) + 1) % 1_000_000:06d}"
    for code in (wrong, "", "12345", "1234567", "abcdef", "١٢٣٤٥٦"):  # incl. Arabic-Indic digits
        assert totp.verify(secret, code, None, now=T0) is None


def test_window_is_one_step_each_side():
    secret = totp.new_secret()
    step = int(T0 // 30)
    assert totp.verify(secret, _code(secret, T0 - 30), None, now=T0) == step - 1
    assert totp.verify(secret, _code(secret, T0 + 30), None, now=T0) == step + 1
    assert totp.verify(secret, _code(secret, T0 - 60), None, now=T0) is None
    assert totp.verify(secret, _code(secret, T0 + 60), None, now=T0) is None


def test_replay_of_same_or_earlier_step_is_refused():
    secret = totp.new_secret()
    code = _code(secret, T0)
    used = totp.verify(secret, code, None, now=T0)
    assert used is not None
    assert totp.verify(secret, code, used, now=T0) is None  # same code again
    assert totp.verify(secret, code, used, now=T0 + 25) is None  # still inside the window
    previous = _code(secret, T0 - 30)
    assert totp.verify(secret, previous, used, now=T0) is None  # an older step too
    following = _code(secret, T0 + 30)
    assert totp.verify(secret, following, used, now=T0 + 30) == used + 1  # the next one is fine


def test_recovery_codes_shape_and_entropy():
    codes = totp.generate_recovery_codes()
    assert len(codes) == 10 and len(set(codes)) == 10
    for code in codes:
        assert re.fullmatch(r"[0-9a-hjkmnp-tv-z]{4}(-[0-9a-hjkmnp-tv-z]{4}){3}", code)
    bits = 16 * 5  # 16 characters from a 32-letter alphabet
    assert bits >= 60
    assert len(totp.generate_recovery_codes(3)) == 3


def test_recovery_codes_are_single_use_via_hashes():
    codes = totp.generate_recovery_codes()
    hashes: list[str | None] = [totp.hash_recovery_code(c) for c in codes]
    assert all(h is not None and codes[0] not in h for h in hashes)

    index = totp.verify_recovery_code(codes[3], hashes)
    assert index == 3
    hashes[index] = None  # the caller marks it used
    assert totp.verify_recovery_code(codes[3], hashes) is None
    assert totp.verify_recovery_code(codes[4], hashes) == 4  # the others still work

    remaining = [h for h in hashes if h is not None]  # or deletes it
    assert totp.verify_recovery_code(codes[3], remaining) is None


def test_recovery_code_input_is_normalised():
    code = totp.generate_recovery_codes(1)[0]
    hashes = [totp.hash_recovery_code(code)]
    assert totp.verify_recovery_code(code.upper(), hashes) == 0
    assert totp.verify_recovery_code(f"  {code.replace('-', ' ')} ", hashes) == 0
    assert totp.verify_recovery_code(code.replace("-", ""), hashes) == 0
    # look-alikes typed by hand map to the letters actually used
    assert totp.normalize_recovery_code("O0I1-l1") == "001111"


@pytest.mark.parametrize("bad", ["", "aaaa-aaaa", "uuuu-uuuu-uuuu-uuuu", "x" * 200])
def test_bad_recovery_codes_match_nothing(bad: str):
    hashes = [totp.hash_recovery_code(c) for c in totp.generate_recovery_codes()]
    assert totp.verify_recovery_code(bad, hashes) is None
