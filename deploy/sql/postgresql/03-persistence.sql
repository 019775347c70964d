-- Grain state (Microsoft.Orleans.Persistence.AdoNet). Orleans identifies a state by hashes it computes itself
-- (GrainIdHash of the grain key, GrainTypeHash of the grain type) plus the full key: N0/N1 (Guid or integer keys),
-- the string key or key extension, the grain type name and the service. The unique index makes two concurrent
-- first writes of the same state impossible (one wins, the other gets a version conflict) and serves the lookups.
-- Version is the ETag: NULL never written, then 1, 2, ...; a write or clear names the version it read.

BEGIN;

CREATE TABLE IF NOT EXISTS OrleansStorage
(
    GrainIdHash            integer     NOT NULL,
    GrainIdN0              bigint      NOT NULL,
    GrainIdN1              bigint      NOT NULL,
    GrainTypeHash          integer     NOT NULL,
    GrainTypeString        text        NOT NULL,
    GrainIdExtensionString text        NULL,
    ServiceId              text        NOT NULL,
    PayloadBinary          bytea       NULL,
    ModifiedOn             timestamptz NOT NULL DEFAULT now(),
    Version                integer     NULL
);

CREATE UNIQUE INDEX IF NOT EXISTS UX_OrleansStorage_Grain ON OrleansStorage
    (GrainIdHash, GrainTypeHash, GrainIdN0, GrainIdN1, ServiceId, GrainTypeString, GrainIdExtensionString)
    NULLS NOT DISTINCT;

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES

-- The stored payload and version; no row when the state was never written.
('ReadFromStorageKey', $q$
SELECT PayloadBinary, ModifiedOn, Version
FROM OrleansStorage
WHERE GrainIdHash = @GrainIdHash AND GrainTypeHash = @GrainTypeHash
  AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1
  AND ServiceId = @ServiceId AND GrainTypeString = @GrainTypeString
  AND GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString::text;
$q$),

-- Writes the payload: replaces version @GrainStateVersion, or inserts version 1 when the grain read nothing.
-- Returns the new version, or @GrainStateVersion unchanged when someone else wrote first (Orleans then raises
-- an InconsistentStateException).
('WriteToStorageKey', $q$
WITH updated AS (
    UPDATE OrleansStorage
    SET PayloadBinary = @PayloadBinary, ModifiedOn = now(), Version = Version + 1
    WHERE @GrainStateVersion::integer IS NOT NULL
      AND GrainIdHash = @GrainIdHash AND GrainTypeHash = @GrainTypeHash
      AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1
      AND ServiceId = @ServiceId AND GrainTypeString = @GrainTypeString
      AND GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString::text
      AND Version = @GrainStateVersion::integer
    RETURNING Version
), inserted AS (
    INSERT INTO OrleansStorage
        (GrainIdHash, GrainIdN0, GrainIdN1, GrainTypeHash, GrainTypeString, GrainIdExtensionString, ServiceId,
         PayloadBinary, ModifiedOn, Version)
    SELECT @GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash, @GrainTypeString, @GrainIdExtensionString::text,
           @ServiceId, @PayloadBinary, now(), 1
    WHERE @GrainStateVersion::integer IS NULL
    ON CONFLICT (GrainIdHash, GrainTypeHash, GrainIdN0, GrainIdN1, ServiceId, GrainTypeString, GrainIdExtensionString)
        DO NOTHING
    RETURNING Version
)
SELECT COALESCE((SELECT Version FROM updated), (SELECT Version FROM inserted), @GrainStateVersion::integer)
       AS NewGrainStateVersion;
$q$),

-- Clears the payload but keeps the row, so the version keeps counting; no row returned on a version conflict.
('ClearStorageKey', $q$
UPDATE OrleansStorage
SET PayloadBinary = NULL, ModifiedOn = now(), Version = Version + 1
WHERE GrainIdHash = @GrainIdHash AND GrainTypeHash = @GrainTypeHash
  AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1
  AND ServiceId = @ServiceId AND GrainTypeString = @GrainTypeString
  AND GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString::text
  AND Version = @GrainStateVersion::integer
RETURNING Version AS NewGrainStateVersion;
$q$),

-- Deletes the row (DeleteStateOnClear); returns the deleted version plus one, none on a version conflict.
('DeleteStorageKey', $q$
DELETE FROM OrleansStorage
WHERE GrainIdHash = @GrainIdHash AND GrainTypeHash = @GrainTypeHash
  AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1
  AND ServiceId = @ServiceId AND GrainTypeString = @GrainTypeString
  AND GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString::text
  AND Version = @GrainStateVersion::integer
RETURNING Version + 1 AS NewGrainStateVersion;
$q$)

ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;

COMMIT;
