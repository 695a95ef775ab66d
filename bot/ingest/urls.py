"""One spelling per address, so the same article reached by different links is stored once."""

from __future__ import annotations

from urllib.parse import unquote_plus, urlsplit, urlunsplit

# Query parameters that only say how a reader arrived (campaign, click and mail tracking).
TRACKING_PARAMS = frozenset(
    """fbclid gclid gclsrc dclid gbraid wbraid msclkid yclid twclid igshid mc_cid mc_eid mkt_tok
    _ga _gl _hsenc _hsmi hsctatracking oly_anon_id oly_enc_id vero_id vero_conv wt.mc_id wt_mc
    cmpid icid ncid ocid s_cid sr_share ref_src ref_url at_medium at_campaign""".split()
)
TRACKING_PREFIXES = ("utm_", "pk_", "mtm_", "__hs")
_DEFAULT_PORTS = {"http": 80, "https": 443}


def canonical_url(url: str) -> str:
    """`url` in a canonical form: the key that says two links name the same article.

    Lower-case scheme and host, no user name or password, no default port, no fragment,
    no tracking parameters (utm_*, fbclid, gclid, ...), the others sorted as written,
    no trailing slash (the site root keeps its "/"). Anything that is not an http(s)
    URL comes back stripped of surrounding blanks, otherwise unchanged.
    """
    text = url.strip()
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError:
        return text
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").rstrip(".")
    if scheme not in _DEFAULT_PORTS or not host:
        return text
    if ":" in host:
        host = f"[{host}]"
    if port is not None and port != _DEFAULT_PORTS[scheme]:
        host = f"{host}:{port}"
    path = parts.path.rstrip("/") or "/"
    kept = [item for item in parts.query.split("&") if item and not _is_tracking(item.split("=", 1)[0])]
    return urlunsplit((scheme, host, path, "&".join(sorted(kept)), ""))


def _is_tracking(key: str) -> bool:
    name = unquote_plus(key).lower()
    return name in TRACKING_PARAMS or name.startswith(TRACKING_PREFIXES)
