archives.created_at text NOT NULL
archives.device text NOT NULL
archives.file text NOT NULL
archives.id text NOT NULL
archives.received_at bigint NOT NULL
archives.retain_until text NOT NULL
archives.session text NOT NULL
archives.sha256 text NOT NULL
archives.site text NOT NULL
attachment_refs.hash text NOT NULL
attachments.bytes bytea NOT NULL
attachments.hash text NOT NULL
attachments.received_at bigint NOT NULL
audit.action text NOT NULL
audit.address text
audit.at bigint NOT NULL
audit.detail text NOT NULL
audit.id bigint NOT NULL
audit.login text NOT NULL
certificate_serials.last bigint NOT NULL
certificate_serials.prefix text NOT NULL
certificates.assigned_at bigint NOT NULL
certificates.candidate text NOT NULL
certificates.number text NOT NULL
certificates.session text NOT NULL
certificates.site text NOT NULL
codes.cancelled_at bigint
codes.code text NOT NULL
codes.created_at bigint NOT NULL
codes.device text
codes.expires_at bigint NOT NULL
codes.site text NOT NULL
codes.used_at bigint
codes.used_by text
devices.device text NOT NULL
devices.enrolled_at bigint NOT NULL
devices.last_seen bigint
devices.name text NOT NULL
devices.site text NOT NULL
events.device text NOT NULL
events.event text NOT NULL
events.flag text
events.hash text NOT NULL
events.hlc text NOT NULL
events.received_at bigint NOT NULL
events.seq bigint NOT NULL
events.type text NOT NULL
keys.cert text NOT NULL
keys.device text NOT NULL
keys.kid text NOT NULL
keys.pub text NOT NULL
keys.revoked_at bigint
operator_sessions.address text
operator_sessions.created_at bigint NOT NULL
operator_sessions.last_seen bigint NOT NULL
operator_sessions.login text NOT NULL
operator_sessions.token_hash text NOT NULL
operators.created_at bigint NOT NULL
operators.disabled_at bigint
operators.failed integer NOT NULL
operators.locked_until bigint
operators.lockouts integer NOT NULL
operators.login text NOT NULL
operators.must_change integer NOT NULL
operators.password_hash text NOT NULL
operators.role text NOT NULL
plans.id text NOT NULL
plans.login text NOT NULL
plans.plan text NOT NULL
plans.published_at bigint NOT NULL
plans.site text NOT NULL
quarantine.body bytea
quarantine.body_purged_at bigint
quarantine.body_sha256 text
quarantine.body_size bigint
quarantine.detail text NOT NULL
quarantine.device text
quarantine.id bigint NOT NULL
quarantine.reason text NOT NULL
quarantine.received_at bigint NOT NULL
quarantine_reviews.at bigint NOT NULL
quarantine_reviews.id bigint NOT NULL
quarantine_reviews.login text NOT NULL
quarantine_reviews.note text NOT NULL
quarantine_reviews.quarantine_id bigint NOT NULL
receipts.device text NOT NULL
receipts.receipt text NOT NULL
receipts.through bigint NOT NULL
settings.key text NOT NULL
settings.value text NOT NULL
archives PRIMARY KEY (id)
attachment_refs PRIMARY KEY (hash)
attachments PRIMARY KEY (hash)
audit PRIMARY KEY (id)
certificate_serials PRIMARY KEY (prefix)
certificates PRIMARY KEY (number)
certificates UNIQUE (session, candidate)
codes PRIMARY KEY (code)
devices PRIMARY KEY (device)
events PRIMARY KEY (device, seq)
keys FOREIGN KEY (device) REFERENCES devices(device)
keys PRIMARY KEY (kid)
operator_sessions PRIMARY KEY (token_hash)
operators PRIMARY KEY (login)
plans PRIMARY KEY (id)
quarantine PRIMARY KEY (id)
quarantine_reviews PRIMARY KEY (id)
receipts PRIMARY KEY (device, through)
settings PRIMARY KEY (key)
