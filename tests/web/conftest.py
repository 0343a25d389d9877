"""Fixtures of the API tests, shared by every test module of this folder (defined in api_support)."""
from api_support import _migrated_templates, api_env, fresh_db_url  # noqa: F401 - fixtures
