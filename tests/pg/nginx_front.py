"""nginx in front of several `zwgk serve` instances (issue 18), as the README's upstream
configures it, for the two-instance test (tests/pg/two_instances.py) and the benchmark
(bench/instances.py): a private configuration in a temporary folder, two workers, loopback."""
import subprocess


def config(tmp, port, upstreams):
    servers = "\n".join(f"    server 127.0.0.1:{p} max_fails=1 fail_timeout=3s;" for p in upstreams)
    return f"""
worker_processes 2; pid {tmp}/nginx.pid; error_log {tmp}/nginx-error.log; daemon off;
events {{ worker_connections 4096; }}
http {{ access_log off;
  client_body_temp_path {tmp}/body; proxy_temp_path {tmp}/proxy; fastcgi_temp_path {tmp}/fcgi;
  uwsgi_temp_path {tmp}/uwsgi; scgi_temp_path {tmp}/scgi;
  upstream zwgk {{
{servers}
    keepalive 64;
  }}
  server {{ listen 127.0.0.1:{port};
    client_max_body_size 32m;
    location / {{ proxy_pass http://zwgk; proxy_http_version 1.1; proxy_set_header Connection "";
      proxy_set_header Host $http_host; proxy_set_header X-Real-IP $remote_addr;
      proxy_next_upstream error timeout http_502 http_503; proxy_read_timeout 120s; }}
  }}
}}
"""


def start(tmp, name, port, upstreams):
    """nginx on 127.0.0.1:port balancing over the upstream ports; the caller waits for the port and terminates it."""
    conf = tmp / f"{name}.conf"
    conf.write_text(config(tmp, port, upstreams))
    return subprocess.Popen(["nginx", "-e", str(tmp / "nginx-error.log"), "-p", str(tmp), "-c", str(conf)],
                            stderr=subprocess.DEVNULL)
