#!/usr/bin/python3
"""Writes this case's CSV files from input-crlf's with CR alone as the line
end (old Mac OS; Excel for Mac's "CSV (Macintosh)"): 网站发布.csv with a UTF-8
BOM, 投稿.csv in GB18030, 单位名录.csv without a final line end. The scheme
keeps its CR LF (TOML knows no CR-only line ends)."""
import pathlib

HERE = pathlib.Path(__file__).resolve().parent
SOURCE = HERE.parent / "input-crlf" / "data"


def cr(path):
    return (SOURCE / path).read_bytes().replace(b"\r\n", b"\n").replace(b"\n", b"\r")


for name in ["2020Q3/检查.csv", "2020Q3/采用.csv"]:
    (HERE / "data" / name).write_bytes(cr(name))
(HERE / "data/2020Q3/网站发布.csv").write_bytes(b"\xef\xbb\xbf" + cr("2020Q3/网站发布.csv"))
(HERE / "data/2020Q3/投稿.csv").write_bytes(cr("2020Q3/投稿.csv").decode("utf-8").encode("gb18030"))
(HERE / "data/单位名录.csv").write_bytes(cr("单位名录.csv").rstrip(b"\r"))
