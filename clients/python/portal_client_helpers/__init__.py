"""Hand-kept helpers beside the generated `portal_client` (never overwritten by generate.sh):
resumable tus evidence uploads (`portal_client_helpers.tus`) and webhook signature verification
(`portal_client_helpers.webhooks`)."""

from portal_client_helpers.tus import UploadError, UploadResult, upload
from portal_client_helpers.webhooks import InvalidSignature, verify

__all__ = ["InvalidSignature", "UploadError", "UploadResult", "upload", "verify"]
