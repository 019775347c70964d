// The silo on Azure Container Apps: a Log Analytics workspace, a Container Apps environment, and the silo app
// (AdoNet membership and grain state in PostgreSQL, Kafka outside; both reached through secrets).
//   az deployment group create -g <group> -f deploy/aca/main.bicep \
//     -p image=<registry>/orleans-analytics:<tag> storageConnectionString='Host=...' \
//        kafkaBootstrapServers='broker:9092' httpAuthPassword='...'
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
      secrets: concat(appSecrets, registrySecrets)
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
          env: [
            {
              name: 'Urls'
              value: 'http://0.0.0.0:8080'
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
          ]
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
