#!/usr/bin/env python3
"""Messages for scripts/bench's mail-in lines (docs/performance.md).

mail.py FOLDER COUNT writes into FOLDER:
  typical.tmpl     a typical 20 KB message to the desk (a text and an HTML version of the same
                   words, a small screenshot), "@N@" where its Message-ID differs per run;
  description.txt  its text part, for `itsm log --description -` with the same fields;
  backlog/NNNNN.eml  COUNT messages of the same shape, every fifth a reply to an earlier one.
"""
import base64
import os
import random
import sys

folder, count = sys.argv[1], int(sys.argv[2])
rng = random.Random(7)
words = ("printer vpn laptop password account screen mailbox drive network session update "
         "office floor room error message since monday morning again please help thanks").split()


def paragraph(n):
    return " ".join(rng.choice(words) for _ in range(n)).capitalize() + "."


def message(message_id, sender, subject, extra_headers=""):
    text = "\n\n".join(paragraph(rng.randint(40, 60)) for _ in range(24))
    html = "".join(f"<p>{p}</p>\n" for p in text.split("\n\n"))
    image = base64.encodebytes(bytes(rng.getrandbits(8) for _ in range(2400))).decode()
    body = (f"From: {sender[0]} <{sender[1]}>\nTo: Service Desk <servicedesk@mkip.example>\n"
            f"Subject: {subject}\nDate: Mon, 23 Nov 2026 09:00:00 +0000\n"
            f"Message-ID: <{message_id}>\n{extra_headers}MIME-Version: 1.0\n"
            "Content-Type: multipart/mixed; boundary=\"mixed\"\n\n"
            "--mixed\nContent-Type: multipart/alternative; boundary=\"alt\"\n\n"
            f"--alt\nContent-Type: text/plain; charset=utf-8\n\n{text}\n"
            f"--alt\nContent-Type: text/html; charset=utf-8\n\n<html><body>\n{html}</body></html>\n"
            "--alt--\n\n--mixed\nContent-Type: image/png; name=\"screen.png\"\n"
            "Content-Disposition: attachment; filename=\"screen.png\"\n"
            f"Content-Transfer-Encoding: base64\n\n{image}--mixed--\n")
    return body, text


typical, text = message("typical.@N@@example.org", ("Ann Smith", "ann@example.org"),
                        "VPN drops every hour")
with open(os.path.join(folder, "typical.tmpl"), "w") as f:
    f.write(typical)
with open(os.path.join(folder, "description.txt"), "w") as f:
    f.write(text)

os.makedirs(os.path.join(folder, "backlog"), exist_ok=True)
for i in range(1, count + 1):
    sender = (f"User {i % 500}", f"user{i % 500}@example.org")
    if i % 5 == 0:  # a reply to the conversation logged four messages before
        body, _ = message(f"backlog.{i}@example.org", sender,
                          f"RE: [INC-{i - 4 - (i - 4) // 5}] {paragraph(5)}")
    else:
        body, _ = message(f"backlog.{i}@example.org", sender, paragraph(6))
    with open(os.path.join(folder, "backlog", f"{i:05}.eml"), "w") as f:
        f.write(body)
