-- Writes N tickets as itsm's NDJSON export (one ticket a line, with its history) for the
-- benchmarks: `sqlite3 :memory: -cmd ".parameter set @n 1000000" -cmd ".parameter set @open 20000"
-- < tests/bench/tickets.sql > tickets.ndjson`. Tickets are spread evenly from 2025-01-01 to
-- 2026-11-20 (with `.parameter set @per_day R`: R a day, ending on 2026-11-21, so that a larger store
-- is a longer history) on the MKIP example configuration's priorities, groups and services; the newest
-- @open of them are still open (assigned, some on hold with a supplier), the rest are resolved
-- within hours and closed a day later.
.mode list
.headers off
WITH RECURSIVE
  n(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM n WHERE k < @n),
  t AS (
    SELECT k,
      CASE WHEN coalesce(@per_day, 0) > 0
        THEN 1795305600 - CAST((@n - k + 1) * (86400.0 / @per_day) AS INTEGER)
        ELSE 1735689600 + CAST((k - 1) * (59616000.0 / @n) AS INTEGER) END AS opened,
      k > @n - @open AS is_open,
      json_extract('["P1","P2","P3a","P3b","P4","P4","P5","P5","P5","P6"]', '$[' || (k % 10) || ']') AS pri,
      json_extract('["second-line","business-support","second-line","service-desk"]', '$[' || (k % 4) || ']') AS grp,
      json_extract('["network","desktop","backups","email","website","payroll","printing"]', '$[' || (k % 7) || ']') AS svc,
      json_extract('["alice","bob","chen","dara","emeka"]', '$[' || (k % 5) || ']') AS who,
      600 + (k % 23) * 300 AS respond_after,
      600 + (k % 23) * 300 + 3600 * (1 + k % 41) AS resolve_after
    FROM n
  ),
  u AS (
    SELECT *,
      strftime('%Y-%m-%dT%H:%M:%SZ', opened, 'unixepoch') AS o,
      strftime('%Y-%m-%dT%H:%M:%SZ', opened + respond_after, 'unixepoch') AS a,
      strftime('%Y-%m-%dT%H:%M:%SZ', opened + resolve_after, 'unixepoch') AS r,
      strftime('%Y-%m-%dT%H:%M:%SZ', opened + resolve_after + 86400, 'unixepoch') AS c,
      is_open AND k % 5 = 0 AS held
    FROM t
  )
SELECT json_object(
  'number', k, 'id', 'INC-' || k, 'type', 'incident',
  'title', 'Generated incident ' || k || ' on ' || svc, 'description', '',
  'status', CASE WHEN held THEN 'on-hold' WHEN is_open THEN 'assigned' ELSE 'closed' END,
  'priority', pri, 'service', svc, 'group', CASE WHEN held THEN 'suppliers' ELSE grp END,
  'assignee', CASE WHEN held THEN '' ELSE who END, 'requester', 'user' || (k % 997), 'email', '', 'org', '', 'channel', 'phone',
  'opened_at', o, 'responded_at', a,
  'resolved_at', CASE WHEN is_open THEN NULL ELSE r END,
  'closed_at', CASE WHEN is_open THEN NULL ELSE c END,
  'updated_at', CASE WHEN is_open THEN a ELSE c END,
  'tier', 2, 'escalation_level', 0,
  'resolution', CASE WHEN is_open THEN '' ELSE 'Fixed' END, 'resolution_code', '',
  'satisfaction', CASE WHEN is_open THEN NULL ELSE 1 + k % 5 END, 'comment', '',
  'hold_reason', CASE WHEN held THEN 'awaiting supplier' ELSE '' END,
  'links', json_array(),
  'events', json('[' ||
    json_object('at', o, 'actor', 'helpdesk', 'kind', 'logged', 'detail',
      json_object('group', 'service-desk', 'priority', pri, 'service', svc,
                  'title', 'Generated incident ' || k || ' on ' || svc, 'type', 'incident',
                  'requester', 'user' || (k % 997), 'channel', 'phone'))
    || ',' ||
    json_object('at', a, 'actor', 'helpdesk', 'kind', 'assigned', 'detail',
      json_object('assignee', who, 'group', grp))
  || CASE WHEN held THEN
       ',' || json_object('at', a, 'actor', who, 'kind', 'assigned', 'detail',
         json_object('group', 'suppliers'))
       || ',' || json_object('at', a, 'actor', who, 'kind', 'held', 'detail',
         json_object('reason', 'awaiting supplier'))
     WHEN is_open THEN '' ELSE
       ',' || json_object('at', r, 'actor', who, 'kind', 'resolved', 'detail',
         json_object('resolution', 'Fixed'))
       || ',' || json_object('at', c, 'actor', 'helpdesk', 'kind', 'closed', 'detail',
         json_object('satisfaction', 1 + k % 5))
     END || ']')
)
FROM u;
