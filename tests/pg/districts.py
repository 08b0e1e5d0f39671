#!/usr/bin/env python3
"""Two districts in one deployment, isolated (issue 18).

    districts.py ZWGK ROOT PG_URL_FILE

One PostgreSQL server, one database per district (the README's layout): 临淄区 and
张店区 each moved in with `zwgk store import` and served by its own `zwgk serve`. Every
user of one district is tried on every route of both districts' servers — an
authorisation matrix: on the other district's server every route answers 401 (its
session is unknown there) and its name and password do not log in; on its own server an
administrator reads every route, and a unit user reads its own standing but not the
office's routes (the same answers as a district on its own).
"""
import json
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile
import urllib.parse

import pg_cluster
from checks import expect, finish, session
from two_instances import free_port, request, start_instance

PASSWORD = "Districts-Secret-5"
UNIT = "区商务局"
ROUTES = ["/api/v1/me", "/api/v1/periods", "/api/v1/scheme", "/api/v1/registry", "/api/v1/periods/2020Q3/ranking",
          "/api/v1/periods/2020Q3/units/" + urllib.parse.quote(UNIT), "/api/v1/periods/2020Q3/files",
          "/api/v1/periods/2020Q3/rectification", "/api/v1/users", "/api/v1/audit"]
# What a unit user may not read in its own district (docs/api.md; the ranking of all units
# only once the office shows it: before publication a unit sees its own standing).
OFFICE_ONLY = {"/api/v1/registry", "/api/v1/periods/2020Q3/ranking", "/api/v1/periods/2020Q3/files", "/api/v1/users",
               "/api/v1/audit"}




def login(base, name):
    return request(base, "/api/v1/login", "", "", {"name": name, "password": PASSWORD})



def main():
    zwgk, root, url_file = sys.argv[1], pathlib.Path(sys.argv[2]), pathlib.Path(sys.argv[3])
    server_url = url_file.read_text().strip()
    env = dict(os.environ, ZWGK_PASSWORD=PASSWORD)
    districts = {"临淄区": f"zwgk_linzi_{os.getpid()}", "张店区": f"zwgk_zhangdian_{os.getpid()}"}
    users = {"临淄区": [("lz-admin", "admin", []), ("lz-unit", "unit", ["--unit", UNIT])],
             "张店区": [("zd-admin", "admin", []), ("zd-unit", "unit", ["--unit", UNIT])]}
    procs = {}
    with tempfile.TemporaryDirectory(prefix="zwgk-districts-") as tmp:
        tmp = pathlib.Path(tmp)
        try:
            bases = {}
            for district, db in districts.items():
                url = pg_cluster.create_database(server_url, db)
                source = tmp / f"{db}-source"
                shutil.copytree(root / "examples" / "linzi-2020q3", source)
                subprocess.run([zwgk, "store", "import", "--store", url, "--data", str(source)], check=True,
                               capture_output=True)
                for name, role, extra in users[district]:
                    subprocess.run([zwgk, "user", "add", "--store", url, "--data", str(source), "--name", name, "--role",
                                    role, *extra], check=True, env=env, capture_output=True)
                (tmp / db).mkdir()
                port = free_port()
                procs[district] = start_instance(zwgk, tmp / db, port, url, open(tmp / f"{db}.log", "w"))
                bases[district] = f"http://127.0.0.1:{port}"
            for home, home_users in users.items():
                for name, role, _ in home_users:
                    cookie = session(bases[home], name, PASSWORD)
                    for district, base in bases.items():
                        if district != home:
                            expect(f"{name} logs in at {district}", login(base, name)[0], 401)
                        for route in ROUTES:
                            status, body = request(base, route, cookie)
                            if district != home:
                                want = 401
                            elif role == "unit" and route in OFFICE_ONLY:
                                want = 403
                            else:
                                want = 200
                            expect(f"{name} ({home}) GET {route} at {district}", status, want)
                            if status == 200 and route == "/api/v1/me":
                                expect(f"{name} at {district} is", json.loads(body)["user"]["name"], name)
        finally:
            for proc in procs.values():
                proc.terminate()
                proc.wait(timeout=60)
            for db in districts.values():
                pg_cluster.drop_database(server_url, db)
    return finish('districts')


if __name__ == "__main__":
    sys.exit(main())
