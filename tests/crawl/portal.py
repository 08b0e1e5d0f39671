"""A government portal generated for the crawl tests (issue 17), served over HTTP on
loopback: one unit's column in each list-page style the crawler must read without
per-site code, and the cases it must survive (a GBK page without a charset, broken
markup, a 404 column, a redirecting column, a slow page, a robots.txt disallow, a
pagination loop), with the truth it was generated from: every item, which ones fall in
the period's window, the stale columns and the adoptions a higher-level portal made.

The server answers conditional requests (ETag / If-None-Match) with 304 and counts every
request, so tests can tell what a second crawl fetched.
"""
import datetime as dt
import hashlib
import http.server
import json
import threading
import time

WINDOW = (dt.date(2020, 7, 1), dt.date(2020, 9, 30))
TOPICS = ["召开安全生产工作会议", "开展政策宣传进社区活动", "部署防汛抗旱工作", "举办业务培训班", "推进重点项目建设",
          "开展消防安全检查", "召开党风廉政建设会议", "组织志愿服务活动", "公布财政预算执行情况", "发布招聘公告",
          "开展食品安全抽检", "推进垃圾分类工作", "召开季度工作调度会", "开展普法宣传", "部署秋季开学工作"]


def items_for(unit, count, newest, step_days, prefix):
    """`count` items of `unit`, newest first, one every `step_days` days from `newest`; each
    unit's topics in its own order, so that no two units' titles look alike."""
    out = []
    shift = sum(map(ord, prefix)) % len(TOPICS)
    for k in range(count):
        date = newest - dt.timedelta(days=k * step_days)
        title = f"{unit}{TOPICS[(k + shift) % len(TOPICS)]}（第{k + 1}期）"
        out.append({"title": title, "date": date, "url": f"{prefix}{date:%Y%m}/t{date:%Y%m%d}_{k + 1}.html"})
    return out


def chunks(items, size):
    return [items[i:i + size] for i in range(0, len(items), size)] or [[]]


class Portal:
    """The site: self.pages maps a path (with query) to (status, headers, body, delay)."""

    def __init__(self, units):
        self.units = units  # 13 official names from the registry
        self.pages = {}
        self.columns = []   # (unit, kind, path, items or None when unreachable, selectors)
        self.portals = []   # (level, path)
        self.adopted = []   # (unit, level, portal title, portal url, date)
        self.requests = []  # (path, status)
        self.lock = threading.Lock()
        self.slow = 0.0     # seconds added to every list page (the kill test)
        self.build()

    # ---- the list-page styles ----
    def static_column(self, unit, kind, base, items, per_page=15, encoding="utf-8", date_form="{:%Y-%m-%d}",
                      charset=True, broken=False):
        pages = chunks(items, per_page)
        for n, page in enumerate(pages):
            rows = []
            for it in page:
                date = date_form.format(it["date"])
                href = "./" + it["url"].rsplit("/", 2)[-2] + "/" + it["url"].rsplit("/", 1)[-1]
                if broken:
                    rows.append(f'<li><a href="{href}">{it["title"]}</a><span>{date}')
                else:
                    rows.append(f'<li><a href="{href}" title="{it["title"]}">{it["title"][:12]}…</a>'
                                f'<span class="date">{date}</span></li>')
            meta = '<meta charset="utf-8">' if charset else ""
            nav = '<div class="nav"><a href="/">首页</a><a href="/zwgk/">政务公开</a></div>'
            body = (f'<html><head>{meta}<title>{kind}</title></head><body>{nav}<ul class="list">' + "".join(rows) +
                    ("" if broken else "</ul>") +
                    f'<script>createPageHTML({len(pages)}, {n}, "index", "html");</script></body></html>')
            name = "index.html" if n == 0 else f"index_{n}.html"
            self.put(base + name, body.encode(encoding))
        return base + "index.html"

    def island_column(self, unit, kind, base, column_id, items, per_page=15):
        records = [f'<record><![CDATA[<li><a href="{it["url"]}" target="_blank">{it["title"]}</a>'
                   f'<span>{it["date"]:%Y-%m-%d}</span></li>]]></record>' for it in items]
        first = "".join(records[:per_page * 3])  # the CMS puts three pages into the page itself
        page = (f'<html><head><meta charset="utf-8"></head><body><div id="div{column_id}">'
                f'<script type="text/xml"><datastore><recordset>{first}</recordset></datastore></script></div>'
                f"<script>$('#div{column_id}').jpage({{proxyUrl:'/module/web/jpage/dataproxy.jsp', "
                f"totalRecord:{len(items)}, perPage:{per_page}, params:{{col:1, webid:1, columnid:{column_id}, "
                f"unitid:7}}}});</script></body></html>")
        self.put(base + "index.html", page.encode())
        self.proxies[str(column_id)] = records
        return base + "index.html"

    def json_column(self, unit, kind, channel, items, per_page=15):
        pages = chunks(items, per_page)
        for n, page in enumerate(pages):
            data = {"code": 0, "data": {"total": len(items), "pageSize": per_page, "list": [
                {"docTitle": it["title"], "docUrl": it["url"], "pubDate": f'{it["date"]:%Y-%m-%d} 10:30:00'}
                for it in page]}}
            self.put(f"/api/list?channel={channel}&page={n + 1}", json.dumps(data, ensure_ascii=False).encode(),
                     {"Content-Type": "application/json; charset=utf-8"})
        return f"/api/list?channel={channel}&page=1"

    def next_link_column(self, unit, kind, base, items, per_page=15, loop=False):
        pages = chunks(items, per_page)
        for n, page in enumerate(pages):
            rows = "".join(f'<li><a href="{it["url"]}">{it["title"]}</a> [{it["date"]:%m-%d}]</li>' for it in page)
            if n + 1 < len(pages):
                nxt = f'<a href="list_{n + 2}.html">下一页</a>'
            else:
                nxt = '<a href="list_1.html">下一页</a>' if loop else ""
            name = "list_1.html" if n == 0 else f"list_{n + 1}.html"
            body = f'<html><head><meta charset="utf-8"></head><body><ul>{rows}</ul><div>{nxt}</div></body></html>'
            self.put(base + name, body.encode())
        return base + "list_1.html"

    def selector_column(self, unit, kind, base, items):
        rows = "".join(f'<div class="row"><h4>{it["title"]}</h4><i data-u="{it["url"]}"></i>'
                       f'<em>{it["date"]:%Y.%m.%d}</em></div>' for it in items)
        self.put(base + "index.html", f'<html><body><section>{rows}</section></body></html>'.encode())
        return base + "index.html"

    # ---- the site ----
    def build(self):
        u = self.units
        self.proxies = {}
        self.put("/robots.txt", b"User-agent: *\nDisallow: /private/\n")
        d = dt.date
        A = items_for(u[0], 50, d(2020, 9, 29), 2, "/u1/")        # static, 4 pages, past July 1st
        A2 = A[:3] + items_for(u[0], 4, d(2020, 9, 28), 5, "/u1b/")  # a second column repeating 3 items
        B = items_for(u[1], 70, d(2020, 9, 30), 2, "/art/2020/u2/")  # data island + proxy
        C = items_for(u[2], 40, d(2020, 9, 27), 3, "/u3/")        # JSON API
        D = items_for(u[3], 30, d(2020, 9, 10), 4, "/u4/")        # 下一页 links, [09-10] dates; stale 动态要闻
        E = items_for(u[4], 12, d(2020, 9, 25), 9, "/u5/")        # GBK without charset, 2020年9月25日
        F = items_for(u[5], 20, d(2020, 9, 26), 6, "/u6/")        # broken markup
        H = items_for(u[7], 25, d(2020, 9, 24), 5, "/u8/new/")    # behind a redirect
        I = items_for(u[8], 20, d(2020, 9, 23), 7, "/u9/")        # a slow second page
        K = items_for(u[10], 20, d(2020, 9, 22), 2, "/u11/")      # pagination loop, all inside the window
        L = items_for(u[11], 10, d(2020, 9, 21), 11, "/u12/")     # selectors
        M = items_for(u[12], 6, d(2020, 2, 15), 20, "/u13/")      # stale 通知公告: nothing since February
        cols = self.columns
        cols.append((u[0], "动态要闻", self.static_column(u[0], "动态要闻", "/u1/", A), A, None))
        cols.append((u[0], "政策文件", self.static_column(u[0], "政策文件", "/u1b/", A2), A2, None))
        cols.append((u[1], "动态要闻", self.island_column(u[1], "动态要闻", "/col/col2/", 2, B), B, None))
        cols.append((u[2], "通知公告", self.json_column(u[2], "通知公告", 3, C), C, None))
        cols.append((u[3], "动态要闻", self.next_link_column(u[3], "动态要闻", "/u4/", D), D, None))
        cols.append((u[4], "通知公告", self.static_column(u[4], "通知公告", "/u5/", E, encoding="gbk",
                                                     date_form="{0.year}年{0.month}月{0.day}日", charset=False), E, None))
        cols.append((u[5], "通知公告", self.static_column(u[5], "通知公告", "/u6/", F, date_form="{:%Y/%m/%d}",
                                                     broken=True), F, None))
        cols.append((u[6], "通知公告", "/u7/index.html", None, None))                 # 404
        self.put("/u8/old/index.html", b"", status=301, headers={"Location": "/u8/new/index.html"})
        self.static_column(u[7], "动态要闻", "/u8/new/", H)
        cols.append((u[7], "动态要闻", "/u8/old/index.html", H, None))
        cols.append((u[8], "通知公告", self.static_column(u[8], "通知公告", "/u9/", I, per_page=10), I, None))
        self.delays = {"/u9/index_1.html": 0.8}
        cols.append((u[9], "通知公告", "/private/u10/index.html", None, None))         # robots.txt disallows
        cols.append((u[10], "动态要闻", self.next_link_column(u[10], "动态要闻", "/u11/", K, loop=True), K, None))
        sel = {"item": "//div[@class='row']", "title": ".//h4", "link": "string(.//i/@data-u)", "date": ".//em"}
        cols.append((u[11], "通知公告", self.selector_column(u[11], "通知公告", "/u12/", L), L, sel))
        cols.append((u[12], "通知公告", self.static_column(u[12], "通知公告", "/u13/", M), M, None))
        self.build_portals(A, B, C, E, F)

    def build_portals(self, A, B, C, E, F):
        """The city's portal (静态列表, 市级) and the province's (JSON, 省级), with the adoptions they made."""
        u, day = self.units, dt.timedelta
        city = []
        def adopt(level, unit, item, lag, title):
            entry = {"title": title, "date": item["date"] + day(days=lag),
                     "url": f"http://city.example/{level}/{len(city) + 1}.html"}
            city.append((level, entry))
            return entry
        a1 = adopt("市级", u[0], A[2], 3, "临淄区" + A[2]["title"])     # the district's name added
        a2 = adopt("市级", u[2], C[1], 5, C[1]["title"])              # word for word
        adopt("市级", u[4], E[5], 45, E[5]["title"])                   # too late: 45 days
        adopt("市级", u[5], F[0], -2, F[0]["title"])                   # before the district published it
        adopt("市级", "", A[0], 1, "全市秋季森林防火工作部署会议召开")   # unrelated
        a3 = adopt("省级", u[1], B[4], 6, "临淄区：" + B[4]["title"])
        self.adopted = [(u[0], "市级", a1), (u[2], "市级", a2), (u[1], "省级", a3)]
        city_items = [e for level, e in city if level == "市级"]
        city_items.sort(key=lambda e: e["date"], reverse=True)
        self.static_column("", "市级", "/city/", city_items)
        self.portals.append(("市级", "/city/index.html"))
        prov = [e for level, e in city if level == "省级"]
        self.put("/prov/api?pageNo=1", json.dumps({"rows": [{"title": e["title"], "link": e["url"],
                  "publishDate": f'{e["date"]:%Y-%m-%d}'} for e in prov]}, ensure_ascii=False).encode())
        self.portals.append(("省级", "/prov/api?pageNo=1"))

    def put(self, path, body, headers=None, status=200):
        self.pages[path] = (status, headers or {}, body)

    def change(self, path, body):
        """Replaces a page (a second crawl must fetch exactly the changed ones)."""
        status, headers, _ = self.pages[path]
        self.pages[path] = (status, headers, body)

    # ---- the truth ----
    def expected_rows(self):
        """{(unit, title, date, url)} of every item the crawl must find in the window."""
        rows = set()
        for unit, kind, path, items, _ in self.columns:
            for it in items or []:
                if WINDOW[0] <= it["date"] <= WINDOW[1]:
                    rows.add((unit, it["title"], it["date"].isoformat(), self.url + it["url"]))
        return rows

    def expected_stale(self):
        return {(self.units[3], "动态要闻"), (self.units[12], "通知公告")}

    # ---- serving ----
    def serve(self):
        portal = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_GET(self):
                path = self.path
                if path.startswith("/module/web/jpage/dataproxy.jsp"):
                    page = portal.proxy_page(path)
                else:
                    page = portal.pages.get(path)
                if page is None:
                    return self.answer(404, {}, "<html><body>404 页面不存在</body></html>".encode())
                status, headers, body = page
                if path != "/robots.txt":
                    time.sleep(portal.slow + portal.delays.get(path, 0.0))
                etag = '"' + hashlib.sha1(body).hexdigest() + '"'
                if status == 200 and self.headers.get("If-None-Match") == etag:
                    return self.answer(304, {"ETag": etag}, b"")
                extra = dict(headers)
                if status == 200:
                    extra["ETag"] = etag
                self.answer(status, extra, body)

            def answer(self, status, headers, body):
                with portal.lock:
                    portal.requests.append((self.path, status))
                self.send_response(status)
                for k, v in headers.items():
                    self.send_header(k, v)
                if "Content-Type" not in headers:
                    self.send_header("Content-Type", "text/html")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        class Server(http.server.ThreadingHTTPServer):
            def handle_error(self, request, client_address):
                pass  # a crawler killed with -9 drops its connections: not the portal's error

        self.server = Server(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def proxy_page(self, path):
        from urllib.parse import parse_qs, urlparse
        q = parse_qs(urlparse(path).query)
        records = self.proxies.get(q.get("columnid", [""])[0])
        if records is None or "startrecord" not in q:
            return None
        start, end = int(q["startrecord"][0]), int(q["endrecord"][0])
        body = "<datastore><recordset>" + "".join(records[start - 1:end]) + "</recordset></datastore>"
        return (200, {"Content-Type": "text/xml; charset=utf-8"}, body.encode())

    def list_requests(self):
        with self.lock:
            return [(p, s) for p, s in self.requests if p != "/robots.txt"]

    def stop(self):
        self.server.shutdown()
