CREATE TABLE token_storage (
    namespace VARCHAR NOT NULL,
    resource_server VARCHAR NOT NULL,
    token_data_json VARCHAR NOT NULL,
    PRIMARY KEY (namespace, resource_server)
);
CREATE TABLE sdk_storage_adapter_internal (
    attribute VARCHAR NOT NULL,
    value VARCHAR NOT NULL,
    PRIMARY KEY (attribute)
);
INSERT INTO sdk_storage_adapter_internal(attribute, value) VALUES ('globus-sdk.version', '4.9.0');
INSERT INTO sdk_storage_adapter_internal(attribute, value) VALUES ('globus-sdk.database_schema_version', '2');
REPLACE INTO token_storage(namespace, resource_server, token_data_json) VALUES('DEFAULT', 'auth.globus.org', '{"resource_server": "auth.globus.org", "identity_id": "ae341a98-d274-11e5-b888-dbae3a8ba545", "scope": "openid profile email", "access_token": "fake-auth-access", "refresh_token": "fake-auth-refresh", "expires_at_seconds": 1767225600, "token_type": "Bearer"}');
REPLACE INTO token_storage(namespace, resource_server, token_data_json) VALUES('DEFAULT', 'transfer.api.globus.org', '{"resource_server": "transfer.api.globus.org", "identity_id": "ae341a98-d274-11e5-b888-dbae3a8ba545", "scope": "urn:globus:auth:scope:transfer.api.globus.org:all", "access_token": "fake-transfer-access", "expires_at_seconds": 1767229200, "token_type": "Bearer"}');
REPLACE INTO token_storage(namespace, resource_server, token_data_json) VALUES('other-app', 'auth.globus.org', '{"resource_server": "auth.globus.org", "scope": "openid", "access_token": "fake-other-access", "expires_at_seconds": 1767232800}');
