-- The monthly report's figures by plain SQL on a PostgreSQL store, the baseline `scripts/bench`
-- times `itsm report monthly` against on a server: `psql -v from=EPOCH -v to=EPOCH -f
-- tests/bench/report_pg.sql`. The same queries as tests/bench/report.sql, in PostgreSQL's
-- dialect (a truth is counted with ::int).
\pset format unaligned
\pset tuples_only on
SELECT 'opened', count(*) FROM tickets WHERE opened_at >= :from AND opened_at < :to;
SELECT 'resolved', count(*) FROM tickets WHERE resolved_at >= :from AND resolved_at < :to;
SELECT 'closed', count(*) FROM tickets WHERE closed_at >= :from AND closed_at < :to;
SELECT 'backlog_start', (SELECT count(*) FROM tickets WHERE resolved_at IS NULL AND opened_at < :from)
  + (SELECT count(*) FROM tickets WHERE resolved_at >= :from AND opened_at < :from);
SELECT 'backlog_end', (SELECT count(*) FROM tickets WHERE resolved_at IS NULL AND opened_at < :to)
  + (SELECT count(*) FROM tickets WHERE resolved_at >= :to AND opened_at < :to);
SELECT 'priority', priority, count(*), sum((resolved_at IS NOT NULL AND resolved_at < :to)::int),
       avg(responded_at - opened_at), avg(resolved_at - opened_at)
  FROM tickets WHERE opened_at >= :from AND opened_at < :to GROUP BY priority;
SELECT 'group', grp, sum((opened_at >= :from)::int), sum((resolved_at >= :from AND resolved_at < :to)::int)
  FROM tickets WHERE (opened_at >= :from AND opened_at < :to)
     OR (resolved_at >= :from AND resolved_at < :to) GROUP BY grp;
SELECT 'service', service, sum((opened_at >= :from)::int), sum((resolved_at >= :from AND resolved_at < :to)::int)
  FROM tickets WHERE (opened_at >= :from AND opened_at < :to)
     OR (resolved_at >= :from AND resolved_at < :to) GROUP BY service;
SELECT 'pending', number, priority, :to - opened_at FROM tickets
  WHERE opened_at < :to AND (resolved_at IS NULL OR resolved_at >= :to)
  ORDER BY opened_at LIMIT 10;
SELECT 'history', e.kind, count(*), sum(length(e.detail)) FROM tickets t JOIN events e ON e.ticket = t.number
  WHERE ((t.opened_at >= :from AND t.opened_at < :to) OR (t.responded_at >= :from AND t.responded_at < :to)
      OR (t.resolved_at >= :from AND t.resolved_at < :to) OR (t.closed_at >= :from AND t.closed_at < :to))
    AND e.at <= :to GROUP BY e.kind;
