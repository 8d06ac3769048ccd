-- A team is a group of users of this service bound to one Toggl workspace.
CREATE TABLE teams (
    id               UUID          NOT NULL PRIMARY KEY,
    name             VARCHAR(100)  NOT NULL,
    workspace_id     BIGINT        NOT NULL,
    workspace_name   VARCHAR(255)  NOT NULL,
    organization_id  BIGINT,
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at       TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE team_members (
    team_id    UUID         NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    user_id    UUID         NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role       VARCHAR(16)  NOT NULL,
    joined_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_team_members PRIMARY KEY (team_id, user_id),
    CONSTRAINT ck_team_members_role CHECK (role IN ('OWNER', 'ADMIN', 'MEMBER'))
);

CREATE INDEX ix_team_members_user ON team_members (user_id);
