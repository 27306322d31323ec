prefix   = "contoso-chat"
location = "westeurope"
