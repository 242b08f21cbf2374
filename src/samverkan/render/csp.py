"""The page's Content-Security-Policy: each inline script allowed by its hash, nothing else.

A report and the dashboard are one file each, so their scripts are inline. ``'unsafe-inline'``
for scripts would also let a ``javascript:`` address or an injected handler run; a hash of
every script element the page itself wrote lets exactly those run. The hashes are computed
from the rendered page, so a changed script can never run under an old policy.
"""

from __future__ import annotations

import base64
import hashlib
import re

_POLICY = "{{samverkan-csp}}"
"""Where a template puts the policy; :func:`with_policy` fills it in."""
_SCRIPT = re.compile(r"<script>(.*?)</script>", re.DOTALL)
"""An executable inline script: a bare ``<script>`` (data blocks carry a ``type``)."""


def pending() -> str:
    """The mark a template renders where the policy goes, filled in by :func:`with_policy`
    once the page's scripts (and so their hashes) are known."""
    return _POLICY


def script_hashes(html: str) -> list[str]:
    """``'sha256-…'`` of every executable inline script of ``html``, in order, each once."""
    found = (
        "'sha256-" + base64.b64encode(hashlib.sha256(m.group(1).encode()).digest()).decode() + "'"
        for m in _SCRIPT.finditer(html)
    )
    return list(dict.fromkeys(found))


def with_policy(html: str, extra: str = "") -> str:
    """``html`` with its policy: no source but the page's own scripts (by hash) and inline
    styles; ``extra`` adds directives (``img-src data:``)."""
    hashes = " ".join(script_hashes(html)) or "'none'"
    policy = f"default-src 'none'; script-src {hashes}; style-src 'unsafe-inline'"
    if extra:
        policy += f"; {extra}"
    if html.count(_POLICY) != 1:
        raise ValueError("the page must hold the policy's place exactly once")
    return html.replace(_POLICY, policy)
