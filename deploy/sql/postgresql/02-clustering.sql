-- Cluster membership (Microsoft.Orleans.Clustering.AdoNet): one version row per cluster (DeploymentId = ClusterId)
-- and one row per silo incarnation (address, port, generation). Every change of a silo row also increments the
-- cluster's version, in the same statement, and only if the caller saw the current version.

BEGIN;

CREATE TABLE IF NOT EXISTS OrleansMembershipVersionTable
(
    DeploymentId varchar(150) NOT NULL,
    Timestamp    timestamptz  NOT NULL DEFAULT now(),
    Version      integer      NOT NULL DEFAULT 0,
    CONSTRAINT PK_OrleansMembershipVersionTable_DeploymentId PRIMARY KEY (DeploymentId)
);

CREATE TABLE IF NOT EXISTS OrleansMembershipTable
(
    DeploymentId varchar(150) NOT NULL,
    Address      varchar(45)  NOT NULL,
    Port         integer      NOT NULL,
    Generation   integer      NOT NULL,
    SiloName     varchar(150) NOT NULL,
    HostName     varchar(150) NOT NULL,
    Status       integer      NOT NULL,
    ProxyPort    integer      NOT NULL DEFAULT 0,
    SuspectTimes text         NULL,
    StartTime    timestamptz  NOT NULL,
    IAmAliveTime timestamptz  NOT NULL,
    CONSTRAINT PK_MembershipTable_DeploymentId PRIMARY KEY (DeploymentId, Address, Port, Generation),
    CONSTRAINT FK_MembershipTable_MembershipVersionTable_DeploymentId
        FOREIGN KEY (DeploymentId) REFERENCES OrleansMembershipVersionTable (DeploymentId)
);

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES

-- Creates the cluster's version row once; 1 if this call created it.
('InsertMembershipVersionKey', $q$
WITH created AS (
    INSERT INTO OrleansMembershipVersionTable (DeploymentId)
    VALUES (@DeploymentId)
    ON CONFLICT (DeploymentId) DO NOTHING
    RETURNING 1
)
SELECT count(*)::integer AS Created FROM created;
$q$),

-- Adds a silo row if the cluster is still at @Version and the row is new; 1 if both happened.
('InsertMembershipKey', $q$
WITH bumped AS (
    UPDATE OrleansMembershipVersionTable AS v
    SET Version = v.Version + 1, Timestamp = now()
    WHERE v.DeploymentId = @DeploymentId
      AND v.Version = @Version
      AND NOT EXISTS (
          SELECT 1 FROM OrleansMembershipTable AS m
          WHERE m.DeploymentId = @DeploymentId AND m.Address = @Address
            AND m.Port = @Port AND m.Generation = @Generation)
    RETURNING v.DeploymentId
), added AS (
    INSERT INTO OrleansMembershipTable
        (DeploymentId, Address, Port, Generation, SiloName, HostName, Status, ProxyPort, StartTime, IAmAliveTime)
    SELECT b.DeploymentId, @Address, @Port, @Generation, @SiloName, @HostName, @Status, @ProxyPort, @StartTime, @IAmAliveTime
    FROM bumped AS b
    ON CONFLICT (DeploymentId, Address, Port, Generation) DO NOTHING
    RETURNING 1
)
SELECT count(*)::integer AS Inserted FROM added;
$q$),

-- Changes a silo row's status, suspicions and liveness if the cluster is still at @Version; 1 if it did.
('UpdateMembershipKey', $q$
WITH bumped AS (
    UPDATE OrleansMembershipVersionTable AS v
    SET Version = v.Version + 1, Timestamp = now()
    WHERE v.DeploymentId = @DeploymentId
      AND v.Version = @Version
      AND EXISTS (
          SELECT 1 FROM OrleansMembershipTable AS m
          WHERE m.DeploymentId = @DeploymentId AND m.Address = @Address
            AND m.Port = @Port AND m.Generation = @Generation)
    RETURNING v.DeploymentId
), changed AS (
    UPDATE OrleansMembershipTable AS m
    SET Status = @Status, SuspectTimes = @SuspectTimes::text, IAmAliveTime = @IAmAliveTime
    FROM bumped AS b
    WHERE m.DeploymentId = b.DeploymentId AND m.Address = @Address
      AND m.Port = @Port AND m.Generation = @Generation
    RETURNING 1
)
SELECT count(*)::integer AS Updated FROM changed;
$q$),

-- The heartbeat; it does not change the cluster's version, and Orleans does not read a result.
('UpdateIAmAlivetimeKey', $q$
UPDATE OrleansMembershipTable
SET IAmAliveTime = @IAmAliveTime
WHERE DeploymentId = @DeploymentId AND Address = @Address AND Port = @Port AND Generation = @Generation;
$q$),

-- One silo row with the cluster's version; the version row alone (silo columns NULL) when the silo has none.
('MembershipReadRowKey', $q$
SELECT v.DeploymentId, m.Address, m.Port, m.Generation, m.SiloName, m.HostName, m.Status, m.ProxyPort,
       m.SuspectTimes, m.StartTime, m.IAmAliveTime, v.Version
FROM OrleansMembershipVersionTable AS v
LEFT JOIN OrleansMembershipTable AS m
       ON m.DeploymentId = v.DeploymentId AND m.Address = @Address
      AND m.Port = @Port AND m.Generation = @Generation
WHERE v.DeploymentId = @DeploymentId;
$q$),

-- Every silo row with the cluster's version; the version row alone when the cluster has no silo yet.
('MembershipReadAllKey', $q$
SELECT v.DeploymentId, m.Address, m.Port, m.Generation, m.SiloName, m.HostName, m.Status, m.ProxyPort,
       m.SuspectTimes, m.StartTime, m.IAmAliveTime, v.Version
FROM OrleansMembershipVersionTable AS v
LEFT JOIN OrleansMembershipTable AS m ON m.DeploymentId = v.DeploymentId
WHERE v.DeploymentId = @DeploymentId;
$q$),

-- Gateways clients may connect to: silos in @Status (Active) that listen for clients.
('GatewaysQueryKey', $q$
SELECT Address, ProxyPort, Generation
FROM OrleansMembershipTable
WHERE DeploymentId = @DeploymentId AND Status = @Status AND ProxyPort > 0;
$q$),

-- Forgets a whole cluster (tests and tooling).
('DeleteMembershipTableEntriesKey', $q$
DELETE FROM OrleansMembershipTable WHERE DeploymentId = @DeploymentId;
DELETE FROM OrleansMembershipVersionTable WHERE DeploymentId = @DeploymentId;
$q$),

-- Removes rows of dead silos (6 = Dead) without suspicions whose start and last heartbeat lie before @IAmAliveTime.
-- It does not change the cluster's version: dead rows take no part in membership decisions.
('CleanupDefunctSiloEntriesKey', $q$
DELETE FROM OrleansMembershipTable
WHERE DeploymentId = @DeploymentId AND Status = 6
  AND IAmAliveTime < @IAmAliveTime AND StartTime < @IAmAliveTime AND COALESCE(SuspectTimes, '') = '';
$q$),

-- Removes one dead silo's row, only if it still holds the values the caller read (newer providers use this
-- instead of the query above, which they keep as a fallback).
('CleanupDefunctSiloEntryKey', $q$
DELETE FROM OrleansMembershipTable
WHERE DeploymentId = @DeploymentId AND Address = @Address AND Port = @Port AND Generation = @Generation
  AND Status = 6 AND StartTime = @StartTime AND IAmAliveTime = @IAmAliveTime
  AND SuspectTimes IS NOT DISTINCT FROM @SuspectTimes::text;
$q$)

ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;

COMMIT;
