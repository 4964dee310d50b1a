# The sqlite3 baselines that scripts/bench and tests/bench/scale.sh share (sourced by both).

# The row `itsm log` writes, as one sqlite3 transaction: the baseline of `log`.
bench_insert="BEGIN; INSERT INTO tickets(type,title,status,priority,service,grp,opened_at,updated_at,tier) VALUES('incident','Printer jams on floor 2','new','P4','printing','service-desk',unixepoch(),unixepoch(),1); INSERT INTO events(ticket,at,actor,kind,detail) VALUES(last_insert_rowid(),unixepoch(),'bench','logged',json_object('group','service-desk','priority','P4','service','printing','title','Printer jams on floor 2','type','incident')); COMMIT;"

# sqlite_writable COPY: lets the sqlite3 shell write the store COPY. The shell has not itsm's
# full-text tokenizer (docs/knowledge.md), so the copy indexes new tickets with SQLite's own
# (porter), the store's tokenizer before word families.
sqlite_writable() {
  sqlite3 "$1" "PRAGMA writable_schema=ON; UPDATE sqlite_schema SET sql = replace(sql, 'itsm_stem english', 'porter unicode61 remove_diacritics 2') WHERE name = 'ticket_text'; PRAGMA writable_schema=OFF;"
}

# The rows `itsm log` writes on a PostgreSQL store, as one psql statement (one transaction): the
# baseline of `log` on a server. The event's hash is a stand-in of the same size.
bench_pg_insert="WITH t AS (INSERT INTO tickets(type,title,status,priority,service,grp,opened_at,updated_at,tier) VALUES('incident','Printer jams on floor 2','new','P4','printing','service-desk',extract(epoch FROM now())::bigint,extract(epoch FROM now())::bigint,1) RETURNING number) INSERT INTO events(ticket,at,actor,kind,detail,hash) SELECT number,extract(epoch FROM now())::bigint,'bench','logged','{\"group\":\"service-desk\",\"priority\":\"P4\",\"service\":\"printing\",\"title\":\"Printer jams on floor 2\",\"type\":\"incident\"}',sha256('bench'::bytea) FROM t"
