from tests.support.oidc import oidc_provider  # noqa: F401  (session fixture: a real OpenID Provider)
