CREATE TABLE config_storage (
    namespace VARCHAR NOT NULL,
    config_name VARCHAR NOT NULL,
    config_data_json VARCHAR NOT NULL,
    PRIMARY KEY (namespace, config_name)
);
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
INSERT INTO sdk_storage_adapter_internal(attribute, value) VALUES ('globus-sdk.version', '3.10.0');
INSERT INTO sdk_storage_adapter_internal(attribute, value) VALUES ('globus-sdk.database_schema_version', '1');
REPLACE INTO config_storage(namespace, config_name, config_data_json) VALUES ('DEFAULT', 'app', '{"theme": "dark"}');
REPLACE INTO token_storage(namespace, resource_server, token_data_json) VALUES('DEFAULT', 'auth.globus.org', '{"scope": "openid profile email", "access_token": "fake-auth-access", "refresh_token": "fake-auth-refresh", "token_type": "Bearer", "expires_at_seconds": 1767225600, "resource_server": "auth.globus.org"}');
REPLACE INTO token_storage(namespace, resource_server, token_data_json) VALUES('DEFAULT', 'transfer.api.globus.org', '{"scope": "urn:globus:auth:scope:transfer.api.globus.org:all", "access_token": "fake-transfer-access", "refresh_token": null, "token_type": "Bearer", "expires_at_seconds": 1767229200, "resource_server": "transfer.api.globus.org"}');
