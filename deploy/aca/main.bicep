// The silo on Azure Container Apps: a Log Analytics workspace, a Container Apps environment, and the silo app
// (AdoNet membership and grain state in PostgreSQL, Kafka outside; both reached through secrets).
//   az deployment group create -g <group> -f deploy/aca/main.bicep \
//     -p image=<registry>/orleans-analytics:<tag> storageConnectionString='Host=...' \
//        kafkaBootstrapServers='broker:9092' httpAuthPassword='...'
// A Kafka with TLS and SASL (Confluent Cloud, Event Hubs, MSK, Aiven) adds, for example:
//        kafkaSecurityProtocol=SASL_SSL kafkaSaslMechanism=PLAIN kafkaSaslUsername='...' kafkaSaslPassword='...'
// Apply deploy/sql/postgresql to the database once before the first start.

targetScope = 'resourceGroup'

@description('Prefix of every resource name.')
@minLength(3)
@maxLength(20)
param name string = 'orleans-analytics'

@description('Azure region; defaults to the resource group\'s.')
param location string = resourceGroup().location

@description('The silo image, built with deploy/docker/Dockerfile.')
param image string

@description('Registry server of the image (for example myregistry.example.net); empty for a public image.')
param registryServer string = ''

@description('User name for the registry; ignored when registryServer is empty.')
param registryUsername string = ''

@description('Password for the registry; ignored when registryServer is empty.')
@secure()
param registryPassword string = ''

@description('Storage:ConnectionString (Npgsql): grain state, the membership table and reminders.')
@secure()
param storageConnectionString string

@description('Kafka:BootstrapServers.')
@secure()
param kafkaBootstrapServers string

@description('Kafka:ClientProperties:security.protocol: PLAINTEXT, SSL (TLS, mutual TLS), SASL_PLAINTEXT or SASL_SSL (managed Kafka).')
@allowed([
  'PLAINTEXT'
  'SSL'
  'SASL_PLAINTEXT'
  'SASL_SSL'
])
param kafkaSecurityProtocol string = 'PLAINTEXT'

@description('Kafka:ClientProperties:sasl.mechanism with SASL: PLAIN, SCRAM-SHA-256, SCRAM-SHA-512 or OAUTHBEARER; empty without SASL.')
param kafkaSaslMechanism string = ''

@description('Kafka:ClientProperties:sasl.username with SASL (an API key; $ConnectionString for Event Hubs).')
@secure()
param kafkaSaslUsername string = ''

@description('Kafka:ClientProperties:sasl.password with SASL (an API secret; the connection string for Event Hubs).')
@secure()
param kafkaSaslPassword string = ''

@description('Kafka:ClientProperties:ssl.certificate.pem for mutual TLS: the client certificate (PEM); empty without.')
@secure()
param kafkaSslCertificatePem string = ''

@description('Kafka:ClientProperties:ssl.key.pem for mutual TLS: the client certificate\'s private key (PEM); empty without.')
@secure()
param kafkaSslKeyPem string = ''

@description('Http:Auth:Password: Basic auth for /dashboard, /api/* and /pipeline (user Http:Auth:Username).')
@secure()
param httpAuthPassword string

@description('Http:Auth:Username.')
param httpAuthUsername string = 'admin'

@description('Partitions of the topics the silo creates when they are missing (Kafka:Partitions).')
param kafkaPartitions int = 8

@description('Orleans:ClusterId and Orleans:ServiceId.')
param orleansClusterId string = 'orleans-analytics'

@description('Fewest silos; two or more keep the pipeline running while one restarts.')
@minValue(1)
param minReplicas int = 2

@description('Most silos; more silos than Kafka partitions leaves some without a partition to read.')
@minValue(1)
param maxReplicas int = 8

@description('Average CPU utilisation (percent) above which another silo is added.')
param cpuScaleThreshold int = 70

var secretNames = {
  storage: 'storage-connection-string'
  kafka: 'kafka-bootstrap-servers'
  httpPassword: 'http-auth-password'
  registry: 'registry-password'
  kafkaSaslUsername: 'kafka-sasl-username'
  kafkaSaslPassword: 'kafka-sasl-password'
  kafkaSslCertificate: 'kafka-ssl-certificate-pem'
  kafkaSslKey: 'kafka-ssl-key-pem'
}

var appSecrets = [
  {
    name: secretNames.storage
    value: storageConnectionString
  }
  {
    name: secretNames.kafka
    value: kafkaBootstrapServers
  }
  {
    name: secretNames.httpPassword
    value: httpAuthPassword
  }
]

// Kafka's credentials, as secrets, only when given (a PLAINTEXT Kafka needs none).
var kafkaSaslSecrets = empty(kafkaSaslPassword) ? [] : [
  {
    name: secretNames.kafkaSaslUsername
    value: kafkaSaslUsername
  }
  {
    name: secretNames.kafkaSaslPassword
    value: kafkaSaslPassword
  }
]

var kafkaTlsSecrets = empty(kafkaSslKeyPem) ? [] : [
  {
    name: secretNames.kafkaSslCertificate
    value: kafkaSslCertificatePem
  }
  {
    name: secretNames.kafkaSslKey
    value: kafkaSslKeyPem
  }
]

// librdkafka's security settings (Kafka:ClientProperties:<name>), which reach every Kafka client of the silo.
var kafkaSecurityEnv = concat([
  {
    name: 'Kafka__ClientProperties__security.protocol'
    value: kafkaSecurityProtocol
  }
], empty(kafkaSaslMechanism) ? [] : [
  {
    name: 'Kafka__ClientProperties__sasl.mechanism'
    value: kafkaSaslMechanism
  }
], empty(kafkaSaslPassword) ? [] : [
  {
    name: 'Kafka__ClientProperties__sasl.username'
    secretRef: secretNames.kafkaSaslUsername
  }
  {
    name: 'Kafka__ClientProperties__sasl.password'
    secretRef: secretNames.kafkaSaslPassword
  }
], empty(kafkaSslKeyPem) ? [] : [
  {
    name: 'Kafka__ClientProperties__ssl.certificate.pem'
    secretRef: secretNames.kafkaSslCertificate
  }
  {
    name: 'Kafka__ClientProperties__ssl.key.pem'
    secretRef: secretNames.kafkaSslKey
  }
])

var registrySecrets = empty(registryServer) ? [] : [
  {
    name: secretNames.registry
    value: registryPassword
  }
]

var registries = empty(registryServer) ? [] : [
  {
    server: registryServer
    username: registryUsername
    passwordSecretRef: secretNames.registry
  }
]

resource logs 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: '${name}-logs'
  location: location
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: 30
  }
}

resource containerEnvironment 'Microsoft.App/managedEnvironments@2024-03-01' = {
  name: '${name}-env'
  location: location
  properties: {
    appLogsConfiguration: {
      destination: 'log-analytics'
      logAnalyticsConfiguration: {
        customerId: logs.properties.customerId
        sharedKey: logs.listKeys().primarySharedKey
      }
    }
  }
}

resource silo 'Microsoft.App/containerApps@2024-03-01' = {
  name: '${name}-silo'
  location: location
  properties: {
    managedEnvironmentId: containerEnvironment.id
    configuration: {
      activeRevisionsMode: 'Single'
      secrets: concat(appSecrets, kafkaSaslSecrets, kafkaTlsSecrets, registrySecrets)
      registries: registries
      ingress: {
        external: true
        targetPort: 8080
        transport: 'http'
        allowInsecure: false
        // Silo-to-silo and client gateway ports, reachable inside the environment only.
        additionalPortMappings: [
          {
            external: false
            targetPort: 11111
          }
          {
            external: false
            targetPort: 30000
          }
        ]
      }
    }
    template: {
      containers: [
        {
          name: 'silo'
          image: image
          resources: {
            cpu: json('1.0')
            memory: '2Gi'
          }
          env: concat([
            {
              // HTTP on 8080 of every interface: ASP.NET Core's variable, which the image sets too.
              name: 'ASPNETCORE_HTTP_PORTS'
              value: '8080'
            }
            {
              name: 'Orleans__Clustering'
              value: 'AdoNet'
            }
            {
              name: 'Orleans__ClusterId'
              value: orleansClusterId
            }
            {
              name: 'Orleans__ServiceId'
              value: orleansClusterId
            }
            {
              name: 'Orleans__SiloPort'
              value: '11111'
            }
            {
              name: 'Orleans__GatewayPort'
              value: '30000'
            }
            {
              name: 'Storage__Provider'
              value: 'AdoNet'
            }
            {
              name: 'Storage__ConnectionString'
              secretRef: secretNames.storage
            }
            {
              name: 'Kafka__BootstrapServers'
              secretRef: secretNames.kafka
            }
            {
              name: 'Kafka__Partitions'
              value: string(kafkaPartitions)
            }
            {
              name: 'Http__Auth__Username'
              value: httpAuthUsername
            }
            {
              name: 'Http__Auth__Password'
              secretRef: secretNames.httpPassword
            }
            {
              name: 'Logging__Format'
              value: 'Json'
            }
            {
              name: 'Demo__Enabled'
              value: 'false'
            }
          ], kafkaSecurityEnv)
          probes: [
            {
              // Start-up reads Kafka's metadata (up to 30 s) and joins the cluster.
              type: 'Startup'
              httpGet: {
                path: '/healthz'
                port: 8080
              }
              periodSeconds: 2
              failureThreshold: 30
            }
            {
              type: 'Liveness'
              httpGet: {
                path: '/healthz'
                port: 8080
              }
              periodSeconds: 10
              timeoutSeconds: 3
              failureThreshold: 3
            }
            {
              // Ready = the silo is Active in the cluster and Kafka answers.
              type: 'Readiness'
              httpGet: {
                path: '/ready'
                port: 8080
              }
              periodSeconds: 5
              timeoutSeconds: 3
              failureThreshold: 3
            }
          ]
        }
      ]
      // The silo's shutdown timeout is 30 s; leave it time to hand its partitions over and leave the cluster.
      terminationGracePeriodSeconds: 60
      scale: {
        minReplicas: minReplicas
        maxReplicas: maxReplicas
        rules: [
          {
            name: 'cpu'
            custom: {
              type: 'cpu'
              metadata: {
                type: 'Utilization'
                value: string(cpuScaleThreshold)
              }
            }
          }
        ]
      }
    }
  }
}

@description('The silo\'s HTTPS address (/dashboard, /ready, /metrics).')
output url string = 'https://${silo.properties.configuration.ingress.fqdn}'

@description('The Log Analytics workspace the silo logs to (JSON lines).')
output logAnalyticsWorkspaceId string = logs.id
