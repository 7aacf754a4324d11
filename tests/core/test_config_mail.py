"""E-mail settings from the environment: files in the data folder by default, SMTP when a host is set."""

from __future__ import annotations

import pytest

from accord import config


def test_without_a_mail_server_messages_are_files_in_the_data_folder(tmp_path):
    settings = config.email_settings({"ACCORD_DATA_DIR": str(tmp_path)})
    assert settings["EMAIL_BACKEND"] == "django.core.mail.backends.filebased.EmailBackend"
    assert settings["EMAIL_FILE_PATH"] == str(tmp_path / "mail")
    assert settings["DEFAULT_FROM_EMAIL"] == config.DEFAULT_EMAIL_FROM


def test_a_mail_server_is_used_with_starttls_by_default():
    settings = config.email_settings(
        {
            "ACCORD_MODE": "production",
            "ACCORD_EMAIL_HOST": "smtp.example.org",
            "ACCORD_EMAIL_USER": "accord",
            "ACCORD_EMAIL_PASSWORD": "a password",
            "ACCORD_EMAIL_FROM": "accord@example.org",
        }
    )
    assert settings["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert (settings["EMAIL_HOST"], settings["EMAIL_PORT"]) == ("smtp.example.org", 587)
    assert (settings["EMAIL_USE_TLS"], settings["EMAIL_USE_SSL"]) == (True, False)
    assert settings["DEFAULT_FROM_EMAIL"] == "accord@example.org"
    assert settings["EMAIL_TIMEOUT"] == config.EMAIL_TIMEOUT_SECONDS


def test_implicit_tls_replaces_starttls():
    settings = config.email_settings(
        {"ACCORD_EMAIL_HOST": "smtp.example.org", "ACCORD_EMAIL_PORT": "465", "ACCORD_EMAIL_SSL": "yes"}
    )
    assert (settings["EMAIL_PORT"], settings["EMAIL_USE_TLS"], settings["EMAIL_USE_SSL"]) == (
        465,
        False,
        True,
    )


@pytest.mark.parametrize(
    ("environ", "variable"),
    [
        ({"ACCORD_EMAIL_PORT": "99999"}, "ACCORD_EMAIL_PORT"),
        ({"ACCORD_EMAIL_PORT": "smtp"}, "ACCORD_EMAIL_PORT"),
        ({"ACCORD_EMAIL_USER": "accord"}, "ACCORD_EMAIL_USER"),
        ({"ACCORD_EMAIL_TLS": "yes", "ACCORD_EMAIL_SSL": "yes"}, "ACCORD_EMAIL_TLS"),
        ({"ACCORD_EMAIL_TLS": "perhaps"}, "ACCORD_EMAIL_TLS"),
        ({"ACCORD_EMAIL_FROM": "nobody"}, "ACCORD_EMAIL_FROM"),
        ({"ACCORD_EMAIL_FROM": "a@b\r\nBcc: c@d"}, "ACCORD_EMAIL_FROM"),
    ],
)
def test_a_bad_mail_setting_names_its_variable(environ, variable):
    with pytest.raises(config.ConfigurationError, match=variable):
        config.email_settings({"ACCORD_EMAIL_HOST": "smtp.example.org", **environ})


def test_the_site_address_for_links_in_messages():
    assert config.site_url({}) == "http://127.0.0.1:8000"
    production = {"ACCORD_MODE": "production", "ACCORD_ALLOWED_HOSTS": "accord.example.org"}
    assert config.site_url(production) == "https://accord.example.org"
    assert config.site_url({"ACCORD_SITE_URL": "https://crc.example.org/accord/"}) == (
        "https://crc.example.org/accord"
    )
    with pytest.raises(config.ConfigurationError, match="ACCORD_SITE_URL"):
        config.site_url({"ACCORD_SITE_URL": "javascript:alert(1)"})
