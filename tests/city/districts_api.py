#!/usr/bin/env python3
"""The city's view of its districts in the workspace (issue 18): GET /api/v1/periods/{id}/districts.

    districts_api.py ZWGK ROOT

The city of tests/golden/city-gather/data with 临淄区 published and 张店区 not: the office
and a viewer see both districts — 临淄区 with its figures and its bulletin's ranking tables,
张店区 with its status only and no scores; a unit user of the city (临淄区's liaison) sees its
own district only, without where it is kept; without a login 401; a workspace without
区县.toml answers 404 and says so in /me. POST …/districts/gather (the office only) refuses
while 张店区 is unpublished, naming it, then writes 指标-区县结果.csv once both are published
and says "unchanged" the second time.
"""
import json
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent / "pg"))
from checks import expect, failures, finish, session  # noqa: E402
from two_instances import free_port, request, wait_for  # noqa: E402

PASSWORD = "City-View-Secret-6"
ROUTE = "/api/v1/periods/2020Q3/districts"
GATHER = ROUTE + "/gather"


def me(base, cookie):
    """/api/v1/me's answer (user, csrf, workspace)."""
    status, body = request(base, "/api/v1/me", cookie)
    return json.loads(body) if status == 200 else {}


def check_gather(zwgk, city, base, admin, liaison):
    """The office gathers the districts' figures; a liaison may not."""
    status, _ = request(base, GATHER, liaison, me(base, liaison).get("csrf", ""), body={})
    expect("a district's liaison may not gather", status, 403)
    csrf = me(base, admin).get("csrf", "")
    status, body = request(base, GATHER, admin, csrf, body={})
    expect("gathering before 张店区 is published", (status, "张店区" in body.decode()), (422, True))
    expect("nothing written yet", (city / "2020Q3/指标-区县结果.csv").exists(), False)
    subprocess.run([zwgk, "rectify", "draft", "--data", str(city / "区县/张店区"), "--period", "2020Q3", "--at",
                    "2020-10-14 09:00", "--by", "王敏"], check=True, capture_output=True)
    for changed in (True, False):
        status, body = request(base, GATHER, admin, csrf, body={})
        answer = json.loads(body) if status == 200 else {}
        expect(f"gathering (changed={changed})", (status, answer.get("changed"), answer.get("path")),
               (200, changed, "2020Q3/指标-区县结果.csv"))
    written = (city / "2020Q3/指标-区县结果.csv").read_text(encoding="utf-8") if status == 200 else ""
    expect("the file holds 张店区's mean", "张店区,平均得分,,,12.96\n" in written, True)




def serve(zwgk, data, log):
    port = free_port()
    proc = subprocess.Popen([zwgk, "serve", "--data", str(data), "--port", str(port)], stdout=log,
                            stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    wait_for(port, proc)
    return proc, f"http://127.0.0.1:{port}"


def main():
    zwgk, root = sys.argv[1], pathlib.Path(sys.argv[2])
    env = dict(os.environ, ZWGK_PASSWORD=PASSWORD)
    procs = []
    with tempfile.TemporaryDirectory(prefix="zwgk-city-view-") as tmp:
        tmp = pathlib.Path(tmp)
        city = tmp / "city"
        shutil.copytree(root / "tests/golden/city-gather/data", city)
        subprocess.run([zwgk, "rectify", "draft", "--data", str(city / "区县/临淄区"), "--period", "2020Q3", "--at",
                        "2020-10-14 09:00", "--by", "王敏"], check=True, capture_output=True)
        for name, role, extra in (("city-admin", "admin", []), ("city-viewer", "viewer", []),
                                  ("lz", "unit", ["--unit", "临淄区"])):
            subprocess.run([zwgk, "user", "add", "--data", str(city), "--name", name, "--role", role, *extra],
                           check=True, env=env, capture_output=True)
        example = tmp / "example"
        shutil.copytree(root / "examples/linzi-2020q3", example)
        subprocess.run([zwgk, "user", "add", "--data", str(example), "--name", "city-admin", "--role", "admin"],
                       check=True, env=env, capture_output=True)
        log = open(tmp / "serve.log", "w")
        try:
            proc, base = serve(zwgk, city, log)
            procs.append(proc)
            for name in ("city-admin", "city-viewer"):
                status, body = request(base, ROUTE, session(base, name, PASSWORD))
                expect(f"{name}: status", status, 200)
                districts = json.loads(body)["districts"] if status == 200 else []
                expect(f"{name}: the districts", [d["unit"] for d in districts], ["临淄区", "张店区"])
                if len(districts) == 2:
                    linzi, zhangdian = districts
                    expect("临淄区 is published", linzi["status"], "已公示")
                    expect("临淄区's mean", linzi["figures"].get("平均分"), "12.402985")
                    expect("临淄区's tables", [t["title"] for t in linzi["tables"]],
                           ["各部门第三季度政务公开工作情况统计", "各镇、街道第三季度政务公开工作情况统计"])
                    expect("临淄区's first row", linzi["tables"][0]["rows"][0]["rank"], 1)
                    expect("张店区 is not published", zhangdian["status_code"], "open")
                    expect("张店区 shows no scores", (zhangdian["figures"], zhangdian["tables"]), ({}, []))
            liaison = session(base, "lz", PASSWORD)
            status, body = request(base, ROUTE, liaison)
            seen = json.loads(body)["districts"] if status == 200 else []
            expect("a district's liaison sees its own district only", [d["unit"] for d in seen], ["临淄区"])
            expect("…without where it is kept", [d["source"] for d in seen], [""])
            admin = session(base, "city-admin", PASSWORD)
            expect("/me says the workspace has districts", me(base, admin).get("workspace"), {"districts": True})
            check_gather(zwgk, city, base, admin, liaison)
            expect("without a login", request(base, ROUTE, "")[0], 401)
            proc, plain = serve(zwgk, example, log)
            procs.append(proc)
            plain_admin = session(plain, "city-admin", PASSWORD)
            expect("a workspace without 区县.toml", request(plain, ROUTE, plain_admin)[0], 404)
            expect("…and /me says so", me(plain, plain_admin).get("workspace"), {"districts": False})
        finally:
            for proc in procs:
                proc.terminate()
                proc.wait(timeout=60)
            log.close()
            if failures:
                print((tmp / "serve.log").read_text(errors="replace")[-3000:])
    return finish('city districts API')


if __name__ == "__main__":
    sys.exit(main())
