# The same chat app in Terraform: Azure OpenAI + Azure AI Search + App Service.
locals {
  rg     = "${var.prefix}-rg"
  public = var.public_access
}

resource "azurerm_resource_group" "rg" {
  name     = local.rg
  location = var.location
}

resource "azurerm_cognitive_account" "oai" {
  name                          = "${var.prefix}-oai"
  location                      = var.location
  resource_group_name           = azurerm_resource_group.rg.name
  kind                          = "OpenAI"
  sku_name                      = "S0"
  custom_subdomain_name         = "${var.prefix}-oai"
  public_network_access_enabled = local.public
}

resource "azurerm_cognitive_deployment" "gpt" {
  name                 = "gpt-4o"
  cognitive_account_id = azurerm_cognitive_account.oai.id
  model {
    format  = "OpenAI"
    name    = "gpt-4o"
    version = "2024-08-06"
  }
  sku {
    name = "Standard"
  }
}

resource "azurerm_search_service" "search" {
  name                          = "${var.prefix}-search"
  resource_group_name           = azurerm_resource_group.rg.name
  location                      = var.location
  sku                           = "standard"
  local_authentication_enabled  = false
  public_network_access_enabled = false
}

resource "azurerm_service_plan" "plan" {
  name                = "${var.prefix}-plan"
  resource_group_name = azurerm_resource_group.rg.name
  location            = var.location
  os_type             = "Linux"
  sku_name            = "P1v3"
}

resource "azurerm_linux_web_app" "app" {
  name                = "${var.prefix}-web"
  resource_group_name = azurerm_resource_group.rg.name
  location            = var.location
  service_plan_id     = azurerm_service_plan.plan.id
  identity {
    type = "SystemAssigned"
  }
  app_settings = {
    AZURE_OPENAI_ENDPOINT = "https://contoso-chat-oai.openai.azure.com/"
    AZURE_SEARCH_ENDPOINT = "https://contoso-chat-search.search.windows.net"
  }
  site_config {}
}

# The web app calls the model with its managed identity (data plane only).
resource "azurerm_role_assignment" "app_openai_user" {
  scope                = azurerm_cognitive_account.oai.id
  role_definition_name = "Cognitive Services OpenAI User"
  principal_id         = azurerm_linux_web_app.app.identity[0].principal_id
}
