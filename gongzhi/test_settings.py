"""Settings for the test run: production settings, minus what needs HTTPS or collectstatic."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-" + "x" * 40)
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("GZ_FIELD_KEY", "dGVzdC1vbmx5IGZpZWxkIGtleSwgMzIgYnl0ZXMgISE=")
os.environ.setdefault(
    "GZ_STATICFILES_STORAGE", "django.contrib.staticfiles.storage.StaticFilesStorage"
)
os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")

from gongzhi.settings import *  # noqa: E402,F403

# The test client and the live server speak plain HTTP.
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# Tests sign in with a password only; tests of the second factor turn it on.
GZ_OTP_REQUIRED = False
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# The API's per-token throttle counts in the cache across tests: out of the way (its own test
# sets a low rate).
REST_FRAMEWORK = {**REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"api": "1000000/min"}}  # noqa: F405
