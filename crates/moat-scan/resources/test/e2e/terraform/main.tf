# The same chat app in Terraform.
variable "prefix" {
  default = "contoso-chat"
}

locals {
  public = true
}

resource "azurerm_cognitive_account" "oai" {
  name                          = "${var.prefix}-oai"
  location                      = "westeurope"
  resource_group_name           = "rg"
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
  resource_group_name           = "rg"
  location                      = "westeurope"
  sku                           = "standard"
  local_authentication_enabled  = false
  public_network_access_enabled = false
}

resource "azurerm_linux_web_app" "app" {
  name                = "${var.prefix}-web"
  resource_group_name = "rg"
  location            = "westeurope"
  service_plan_id     = "plan"
  app_settings = {
    AZURE_OPENAI_ENDPOINT = "https://contoso-chat-oai.openai.azure.com/"
  }
  site_config {}
}
