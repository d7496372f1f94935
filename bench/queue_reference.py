#!/usr/bin/env python3
"""Reference for `bulwark bench queue`: the same first-page queue SQL, run by Python's
sqlite3 on the same database file. Prints the median time in milliseconds.

usage: queue_reference.py DATABASE TEAM PAGE_SIZE RUNS
"""
import sqlite3
import sys
import time

COLUMNS = ("id, team, kind, status, priority_rank, due_at, created_at, updated_at, content_hash, url, report_count, "
           "known_real_victims, may_show_real_child, reasons, category, age_band, second_opinion, outcome, closed_at, closed_by")


def main():
    path, team, page_size, runs = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    sql = (f"SELECT {COLUMNS} FROM cases WHERE status = 'open' AND team = ? "
           "ORDER BY priority_rank, due_at, id LIMIT ?")
    connection.execute(sql, (team, page_size + 1)).fetchall()
    times = []
    for _ in range(max(1, runs)):
        start = time.perf_counter()
        rows = connection.execute(sql, (team, page_size + 1)).fetchall()
        times.append((time.perf_counter() - start) * 1000)
        assert len(rows) > 0
    times.sort()
    print(f"{times[len(times) // 2]:.6f}")


if __name__ == "__main__":
    main()
