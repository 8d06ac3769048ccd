#!/usr/bin/env python3
"""Writes the upstream stand-in (WireMock mappings and bodies) used by bench/run.sh.

One Maton connection, one Toggl user with one workspace (5 users) holding 50 projects, 20 clients,
30 tags and 200 finished time entries reaching back about ten days from now (so this week has some),
nothing running. Every Toggl answer carries the quota headers. Requests without a bearer
key get Toggl's bare 401. Deterministic except for the dates, which follow the clock.

usage: generate.py OUTPUT_DIR
"""
import datetime as dt
import json
import os
import random
import sys

WORKSPACE_ID = 7_310_001
ORGANIZATION_ID = 5_120_001
TOGGL_USER_ID = 9_400_001
CONNECTION_ID = "6f1b2c3d-4e5f-4a6b-9c7d-8e9f0a1b2c3d"
TOGGL = "/toggl-track/api/v9"
QUOTA_HEADERS = {"X-Toggl-Quota-Remaining": "599", "X-Toggl-Quota-Resets-In": "3540"}
COLORS = ["#0b83d9", "#9e5bd9", "#d94182", "#e36a00", "#bf7000", "#2da608", "#06a893",
          "#c9806b", "#465bb3", "#990099", "#c7af14", "#566614", "#d92b2b", "#525266"]
WORDS = ["apollo", "birch", "cobalt", "delta", "ember", "fjord", "granite", "harbor", "indigo",
         "juniper", "kestrel", "lumen", "meridian", "nimbus", "onyx", "pioneer", "quartz",
         "raven", "summit", "tundra", "umber", "vertex", "willow", "xenon", "yarrow", "zephyr"]


def iso(t):
    return t.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S+00:00")


def build(now):
    rnd = random.Random(7)
    created = dt.datetime(2024, 3, 4, 9, 30, tzinfo=dt.timezone.utc)

    clients = [{
        "id": 64_000_001 + i,
        "wid": WORKSPACE_ID,
        "archived": i >= 17,
        "name": f"{WORDS[i % len(WORDS)].title()} {['Ltd', 'GmbH', 'Oy', 'Inc'][i % 4]}",
        "at": iso(created + dt.timedelta(days=i)),
        "creator_id": TOGGL_USER_ID,
        "notes": f"Account {i + 1}" if i % 3 == 0 else None,
        "external_reference": None,
        "integration_provider": None,
        "permissions": None,
        "total_count": 20,
    } for i in range(20)]

    projects = []
    for i in range(50):
        client = clients[i % 20] if i % 5 else None
        projects.append({
            "id": 203_000_001 + i,
            "workspace_id": WORKSPACE_ID,
            "wid": WORKSPACE_ID,
            "client_id": client["id"] if client else None,
            "cid": client["id"] if client else None,
            "client_name": client["name"] if client else None,
            "name": f"{WORDS[i % len(WORDS)].title()} {WORDS[(i * 7 + 3) % len(WORDS)]} {i + 1}",
            "is_private": i % 4 == 0,
            "active": i < 44,
            "at": iso(created + dt.timedelta(days=i, hours=2)),
            "created_at": iso(created + dt.timedelta(days=i)),
            "server_deleted_at": None,
            "color": COLORS[i % len(COLORS)],
            "billable": i % 3 == 0,
            "template": False,
            "template_id": None,
            "auto_estimates": None,
            "estimated_hours": None,
            "estimated_seconds": None,
            "rate": 85.0 if i % 3 == 0 else None,
            "rate_last_updated": None,
            "currency": "EUR" if i % 3 == 0 else None,
            "recurring": False,
            "recurring_parameters": None,
            "current_period": None,
            "fixed_fee": None,
            "actual_hours": rnd.randint(0, 400),
            "actual_seconds": None,
            "start_date": (created + dt.timedelta(days=i)).strftime("%Y-%m-%d"),
            "end_date": None,
            "pinned": False,
            "can_track_time": True,
            "status": "active" if i < 44 else "archived",
            "permissions": None,
            "external_reference": None,
            "integration_provider": None,
            "total_count": 50,
        })
    for p in projects:
        p["actual_seconds"] = p["actual_hours"] * 3600

    tags = [{
        "id": 18_000_001 + i,
        "workspace_id": WORKSPACE_ID,
        "name": f"{WORDS[(i * 5) % len(WORDS)]}-{i + 1}",
        "at": iso(created + dt.timedelta(days=i, minutes=5)),
        "creator_id": TOGGL_USER_ID,
        "deleted_at": None,
        "integration_provider": None,
        "permissions": None,
    } for i in range(30)]

    # 200 finished entries, newest first, the newest ending ten minutes ago: about 20 a day.
    entries = []
    cursor = now.replace(microsecond=0) - dt.timedelta(minutes=10)
    for i in range(200):
        seconds = rnd.choice([900, 1800, 2700, 3600, 5400])
        stop = cursor
        start = stop - dt.timedelta(seconds=seconds)
        cursor = start - dt.timedelta(minutes=rnd.randint(0, 30))
        project = projects[rnd.randrange(44)] if i % 7 else None
        tag_sample = rnd.sample(tags, rnd.randint(0, 3))
        entries.append({
            "id": 4_100_000_001 + (199 - i),
            "workspace_id": WORKSPACE_ID,
            "wid": WORKSPACE_ID,
            "project_id": project["id"] if project else None,
            "pid": project["id"] if project else None,
            "task_id": None,
            "tid": None,
            "billable": bool(project and project["billable"]),
            "start": iso(start),
            "stop": iso(stop),
            "duration": seconds,
            "description": f"{rnd.choice(['Review', 'Build', 'Plan', 'Fix', 'Write'])} {rnd.choice(WORDS)}",
            "tags": [t["name"] for t in tag_sample],
            "tag_ids": [t["id"] for t in tag_sample],
            "duronly": True,
            "at": iso(stop + dt.timedelta(seconds=5)),
            "server_deleted_at": None,
            "user_id": TOGGL_USER_ID,
            "uid": TOGGL_USER_ID,
            "permissions": None,
            "expense_ids": [],
            "shared_with": None,
        })

    workspace = {
        "id": WORKSPACE_ID,
        "organization_id": ORGANIZATION_ID,
        "name": "Bench Workspace",
        "premium": True,
        "business_ws": False,
        "admin": True,
        "role": "admin",
        "suspended_at": None,
        "server_deleted_at": None,
        "default_hourly_rate": None,
        "rate_last_updated": None,
        "default_currency": "EUR",
        "only_admins_may_create_projects": False,
        "only_admins_may_create_tags": False,
        "only_admins_see_team_dashboard": False,
        "projects_billable_by_default": True,
        "projects_private_by_default": True,
        "projects_enforce_billable": False,
        "limit_public_project_data": False,
        "last_modified": iso(created),
        "reports_collapse": True,
        "rounding": 1,
        "rounding_minutes": 0,
        "api_token": None,
        "at": iso(created),
        "logo_url": "https://assets.track.toggl.com/images/workspace.jpg",
        "ical_url": None,
        "ical_enabled": False,
        "csv_upload": None,
        "subscription": None,
        "hide_start_end_times": False,
        "disable_timesheet_view": False,
        "disable_approvals": False,
        "disable_expenses": False,
        "working_hours_in_minutes": None,
        "te_constraints": None,
        "max_data_retention_days": None,
        "permissions": None,
    }
    workspaces = [dict(workspace, active_project_count=44)]

    me = {
        "id": TOGGL_USER_ID,
        "api_token": None,
        "email": "bench.user@example.com",
        "fullname": "Bench User",
        "timezone": "Europe/Helsinki",
        "toggl_accounts_id": "uWGsHAeXZGhJvQ3XjdY63h",
        "default_workspace_id": WORKSPACE_ID,
        "beginning_of_week": 1,
        "image_url": "https://assets.track.toggl.com/images/profile.png",
        "created_at": iso(created),
        "updated_at": iso(created + dt.timedelta(days=3)),
        "openid_email": None,
        "openid_enabled": False,
        "country_id": 72,
        "has_password": True,
        "at": iso(created + dt.timedelta(days=3)),
        "intercom_hash": None,
        "oauth_providers": [],
        "2fa_enabled": False,
        "authorization_updated_at": iso(created),
    }

    connection = {
        "connection_id": CONNECTION_ID,
        "status": "ACTIVE",
        "creation_time": "2026-01-12T08:15:02.118230Z",
        "last_updated_time": "2026-01-12T08:16:40.551907Z",
        "url": f"https://connect.maton.ai/?session_token=bench-{CONNECTION_ID[:8]}",
        "app": "toggl-track",
        "metadata": {},
    }

    workspace_users = [{
        "id": TOGGL_USER_ID + i,
        "email": "bench.user@example.com" if i == 0 else f"colleague{i}@example.com",
        "fullname": "Bench User" if i == 0 else f"Colleague {i}",
        "inactive": False,
        "is_active": True,
        "is_admin": i == 0,
        "role": "admin" if i == 0 else "user",
    } for i in range(5)]

    quota = [
        {"organization_id": None, "remaining": 29, "resets_in_secs": 3540, "total": 30},
        {"organization_id": ORGANIZATION_ID, "remaining": 599, "resets_in_secs": 3540, "total": 600},
    ]

    return {
        "workspace_users": workspace_users,
        "quota": quota,
        "connections": {"connections": [connection]},
        "connection": {"connection": connection},
        "me": me,
        "workspaces": workspaces,
        "workspace": workspace,
        "projects": projects,
        "clients": clients,
        "tags": tags,
        "time_entries": entries,
    }


def stub(name, url_match, body_file=None, body=None, quota=True, priority=5):
    request = {"method": "GET", **url_match,
               "headers": {"Authorization": {"matches": "^Bearer \\S+$"}}}
    response = {"status": 200, "headers": {"Content-Type": "application/json; charset=utf-8"}}
    if quota:
        response["headers"].update(QUOTA_HEADERS)
    if body_file:
        response["bodyFileName"] = body_file
    else:
        response["body"] = body
    return name, {"name": name, "priority": priority, "request": request, "response": response}


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    out = sys.argv[1]
    os.makedirs(os.path.join(out, "mappings"), exist_ok=True)
    os.makedirs(os.path.join(out, "__files"), exist_ok=True)
    data = build(dt.datetime.now(dt.timezone.utc))
    for name, value in data.items():
        with open(os.path.join(out, "__files", f"{name}.json"), "w") as f:
            json.dump(value, f, separators=(",", ":"))

    ws = f"{TOGGL}/workspaces/{WORKSPACE_ID}"
    stubs = [
        # Maton's own API: no Toggl quota headers.
        stub("maton-connections", {"urlPath": "/connections",
                                   "queryParameters": {"app": {"equalTo": "toggl-track"}}},
             "connections.json", quota=False),
        stub("maton-connection", {"urlPath": f"/connections/{CONNECTION_ID}"},
             "connection.json", quota=False),
        stub("toggl-me", {"urlPath": f"{TOGGL}/me"}, "me.json"),
        stub("toggl-me-workspaces", {"urlPath": f"{TOGGL}/me/workspaces"}, "workspaces.json"),
        stub("toggl-workspace", {"urlPath": ws}, "workspace.json"),
        stub("toggl-projects", {"urlPath": f"{ws}/projects"}, "projects.json"),
        # Every project fits on page 1; later pages are empty (Toggl sends no paging headers).
        stub("toggl-projects-later-pages", {"urlPath": f"{ws}/projects",
                                            "queryParameters": {"page": {"matches": "^0*([2-9]|[1-9][0-9]+)$"}}},
             body="[]", priority=4),
        stub("toggl-clients", {"urlPath": f"{ws}/clients"}, "clients.json"),
        stub("toggl-tags", {"urlPath": f"{ws}/tags"}, "tags.json"),
        stub("toggl-workspace-users", {"urlPath": f"{ws}/users"}, "workspace_users.json"),
        stub("toggl-quota", {"urlPath": f"{TOGGL}/me/quota"}, "quota.json"),
        stub("toggl-time-entries", {"urlPath": f"{TOGGL}/me/time_entries"}, "time_entries.json"),
        stub("toggl-current-entry", {"urlPath": f"{TOGGL}/me/time_entries/current"}, body="null"),
    ]
    # Toggl without a credential: 401, empty body.
    stubs.append(("no-credential", {
        "name": "no-credential", "priority": 9,
        "request": {"method": "ANY", "urlPattern": "/.*", "headers": {"Authorization": {"absent": True}}},
        "response": {"status": 401, "headers": {"X-Authorization-Missing": "true"}},
    }))
    for name, mapping in stubs:
        with open(os.path.join(out, "mappings", f"{name}.json"), "w") as f:
            json.dump(mapping, f, indent=2)
    print(f"workspace_id={WORKSPACE_ID}")


if __name__ == "__main__":
    main()
