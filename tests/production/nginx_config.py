"""deploy/nginx.conf as shipped, with ports and paths substituted, run by Debian's nginx from
a scratch directory (`start_nginx`). Used by tests/production/
test_nginx.py and by the nginx benchmark (bench/nginx.py)."""

import os
import shutil
import subprocess
from pathlib import Path

from tests.production.servers import ROOT, Process, start, wait_for_port

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def site_config(tmp: Path, static_root: Path, *, web: int, http: int, https: int) -> str:
    text = (ROOT / "deploy" / "nginx.conf").read_text()
    for old, new in {
        "/var/cache/nginx/surveillance-map-tiles": str(tmp / "cache"),
        "/var/log/nginx/surveillance-map.access.log": str(tmp / "access.log"),
        "/etc/letsencrypt/live/maps.example.org/fullchain.pem": str(tmp / "cert.pem"),
        "/etc/letsencrypt/live/maps.example.org/privkey.pem": str(tmp / "key.pem"),
        "/srv/surveillance-map/var/static/": f"{static_root}/",
        "server 127.0.0.1:8000;": f"server 127.0.0.1:{web};",
        "listen 80;": f"listen 127.0.0.1:{http};",
        "listen 443 ssl http2;": f"listen 127.0.0.1:{https} ssl http2;",
        "listen [::]:80;": "",
        "listen [::]:443 ssl http2;": "",
    }.items():
        assert old in text, f"deploy/nginx.conf no longer has {old!r}"
        text = text.replace(old, new)
    return text


def main_config(tmp: Path, site: str, *, workers: int | str = 1, connections: int = 256) -> str:
    temp = "\n".join(
        f"    {kind}_temp_path {tmp / kind};" for kind in ("client_body", "proxy", "fastcgi")
    )
    return f"""
daemon off;
{"user root;" if os.geteuid() == 0 else ""}
worker_processes {workers};
pid {tmp / "nginx.pid"};
error_log {tmp / "error.log"} warn;
events {{ worker_connections {connections}; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
{temp}
    uwsgi_temp_path {tmp / "uwsgi"};
    scgi_temp_path {tmp / "scgi"};
    access_log off;
{site}
}}
"""


def self_signed_certificate(tmp: Path) -> None:
    """cert.pem and key.pem in `tmp`, for 127.0.0.1's TLS."""
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2"]
        + ["-subj", "/CN=localhost", "-keyout", tmp / "key.pem", "-out", tmp / "cert.pem"],
        check=True,
        capture_output=True,
    )


def start_nginx(
    tmp: Path, static_root: Path, *, web: int, http: int, https: int, workers: int | str = 1
) -> Process:
    """nginx with deploy/nginx.conf in front of the app on `web`, listening on 127.0.0.1 only;
    returns once it accepts connections on `https`."""
    self_signed_certificate(tmp)
    conf = tmp / "nginx.conf"
    site = site_config(tmp, static_root, web=web, http=http, https=https)
    conf.write_text(main_config(tmp, site, workers=workers, connections=1024))
    check = subprocess.run([NGINX, "-t", "-c", conf], capture_output=True, text=True)
    if check.returncode:
        raise RuntimeError(f"nginx -t failed:\n{check.stderr}")
    process = start("nginx", [NGINX, "-c", str(conf)], dict(os.environ), tmp / "out.log")
    wait_for_port(https, process)
    return process
