# Inputs of the chat app module; values for this environment are in terraform.tfvars.
variable "prefix" {
  type    = string
  default = "app"
}

variable "location" {
  type = string
}

variable "public_access" {
  type        = bool
  description = "Open the AI endpoints to the internet (the demo does)."
  default     = true
}
