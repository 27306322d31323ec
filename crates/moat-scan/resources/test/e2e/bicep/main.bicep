// A chat app: Azure OpenAI + Azure AI Search + App Service, with the usual shortcuts.
param location string = resourceGroup().location
param prefix string = 'contoso-chat'

resource oai 'Microsoft.CognitiveServices/accounts@2024-10-01' = {
  name: '${prefix}-oai'
  location: location
  kind: 'OpenAI'
  sku: { name: 'S0' }
  properties: {
    customSubDomainName: '${prefix}-oai'
    publicNetworkAccess: 'Enabled'
  }
}

resource gpt 'Microsoft.CognitiveServices/accounts/deployments@2024-10-01' = {
  parent: oai
  name: 'gpt-4o'
  sku: { name: 'GlobalStandard', capacity: 30 }
  properties: {
    model: { format: 'OpenAI', name: 'gpt-4o', version: '2024-08-06' }
  }
}

// moat:ignore MOAT-AS002 public until the VNet lands (ticket 42)
resource search 'Microsoft.Search/searchServices@2024-06-01-preview' = {
  name: '${prefix}-search'
  location: location
  sku: { name: 'standard' }
  identity: { type: 'SystemAssigned' }
  properties: {
    publicNetworkAccess: 'enabled'
  }
}

resource plan 'Microsoft.Web/serverfarms@2023-12-01' = {
  name: '${prefix}-plan'
  location: location
  sku: { name: 'P1v3' }
}

resource app 'Microsoft.Web/sites@2023-12-01' = {
  name: '${prefix}-web'
  location: location
  identity: { type: 'SystemAssigned' }
  properties: {
    serverFarmId: plan.id
    siteConfig: {
      appSettings: [
        { name: 'AZURE_OPENAI_ENDPOINT', value: 'https://contoso-chat-oai.openai.azure.com/' }
        { name: 'AZURE_SEARCH_ENDPOINT', value: 'https://contoso-chat-search.search.windows.net' }
      ]
    }
  }
}

// The web app calls the model with its managed identity: Cognitive Services OpenAI User.
resource appOpenAiUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(oai.id, app.id, 'openai-user')
  scope: oai
  properties: {
    principalId: app.identity.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '5e0bd9bd-7b93-4f28-af87-19fc36ad61bd')
  }
}
