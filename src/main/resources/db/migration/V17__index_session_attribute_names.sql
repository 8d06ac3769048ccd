-- A back-channel logout from the OIDC provider finds the browser sessions of a provider session
-- (sid) or subject by a marker attribute named after its hash: one indexed lookup by name.
CREATE INDEX spring_session_attributes_ix1 ON spring_session_attributes (attribute_name);
