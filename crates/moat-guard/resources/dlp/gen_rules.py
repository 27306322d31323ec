#!/usr/bin/env python3
"""Writes src/dlp/secrets/<family>.rs from the rule definitions below.

Examples are synthetic: random characters in each format's alphabet from a fixed seed, so the
generated files are stable. Run from crates/moat-guard: python3 resources/dlp/gen_rules.py
"""
import random, re, zlib, base64, json, os

random.seed(20261122)
ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
SETS = {
    "a": ALNUM, "h": "0123456789abcdef", "H": "0123456789ABCDEF", "l": "abcdefghijklmnopqrstuvwxyz0123456789",
    "u": "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", "b": ALNUM + "+/", "B": ALNUM + "_-", "d": "0123456789",
    "U": "ABCDEFGHIJKLMNOPQRSTUVWXYZ", "L": "abcdefghijklmnopqrstuvwxyz", "A": "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
    "3": "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", "c": "./" + ALNUM, "8": "qpzry9x8gf2tvdw0s3jn54khce6mua7l".upper(),
}
B62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

def b62(n):
    s = ""
    while n:
        s = B62[n % 62] + s
        n //= 62
    return s.rjust(6, "0")

def gh(prefix):
    body = "".join(random.choice(ALNUM) for _ in range(30))
    return prefix + body + b62(zlib.crc32(body.encode()))

def jwt():
    h = base64.urlsafe_b64encode(b'{"alg":"HS256","typ":"JWT"}').decode().rstrip("=")
    p = base64.urlsafe_b64encode(json.dumps({"sub": "synthetic-%d" % random.randint(1, 10**6), "iat": 1700000000}).encode()).decode().rstrip("=")
    s = "".join(random.choice(SETS["B"]) for _ in range(43))
    return f"{h}.{p}.{s}"

def pem(kind):
    body = "\n".join("".join(random.choice(SETS["b"]) for _ in range(64)) for _ in range(6))
    return f"-----BEGIN {kind}-----\n{body}\n-----END {kind}-----"

def fill(t):
    t = t.replace("{GHP}", gh("ghp_")).replace("{GHO}", gh("gho_")).replace("{GHU}", gh("ghu_"))
    t = t.replace("{GHS}", gh("ghs_")).replace("{GHR}", gh("ghr_")).replace("{NPM}", gh("npm_"))
    t = t.replace("{JWT}", jwt())
    t = t.replace("{DOCKERAUTH}", base64.b64encode(b"synthetic-user:Xq7-pL9_vR2").decode())
    t = t.replace("{BASICAUTH}", base64.b64encode(b"svc-user:Zt8mQ2pW9xLk").decode())
    for k in ["RSA PRIVATE KEY", "EC PRIVATE KEY", "DSA PRIVATE KEY", "PRIVATE KEY", "ENCRYPTED PRIVATE KEY", "OPENSSH PRIVATE KEY", "PGP PRIVATE KEY BLOCK"]:
        t = t.replace("{PEM:" + k + "}", pem(k))
    return re.sub(r"\{(\w):(\d+)\}", lambda m: "".join(random.choice(SETS[m.group(1)]) for _ in range(int(m.group(2)))), t)

# (entity, name, confidence, keywords, pattern, validator, positives, negatives, options)
# validator: None | "entropy:X" | "generic:X" | "github" | "jwt" | "b64colon"
CTX = r"""[\w.-]{0,24}["']?\s*(?:[:=]|:=|=>)\s*["']?"""
R = {}
R["ai"] = [
 ("OPENAI_API_KEY", "OpenAI project API key", "High", ["sk-proj-"], r"\b(sk-proj-[A-Za-z0-9_-]{40,200})", None,
  ["OPENAI_API_KEY=sk-proj-{B:48}T3BlbkFJ{B:48}", "client = OpenAI(api_key=\"sk-proj-{a:64}\")"], ["sk-proj-short", "sk-proj-{{OPENAI_KEY}}"], {}),
 ("OPENAI_API_KEY", "OpenAI service-account or admin key", "High", ["sk-svcacct-", "sk-admin-"], r"\b(sk-(?:svcacct|admin)-[A-Za-z0-9_-]{40,200})", None,
  ["key: sk-svcacct-{B:60}", "sk-admin-{B:56}"], ["sk-admin-panel", "sk-svcacct-xyz"], {}),
 ("OPENAI_API_KEY", "OpenAI user API key (legacy format)", "High", ["t3blbkfj"], r"\b(sk-[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20})\b", None,
  ["openai.api_key = 'sk-{a:20}T3BlbkFJ{a:20}'"], ["sk-T3BlbkFJ", "T3BlbkFJ alone"], {"window": (40, 64)}),
 ("OPENAI_API_KEY", "OpenAI key next to the word openai", "Medium", ["openai"], r"(?i:openai)" + CTX + r"(sk-[A-Za-z0-9_-]{32,200})\b", None,
  ["OPENAI_KEY = \"sk-{a:48}\""], ["openai docs: sk-..."], {}),
 ("ANTHROPIC_API_KEY", "Anthropic API key", "High", ["sk-ant-api"], r"\b(sk-ant-api0[0-9]-[A-Za-z0-9_-]{80,120})", None,
  ["ANTHROPIC_API_KEY=sk-ant-api03-{B:93}AA"], ["sk-ant-api03-short", "sk-ant-apikey"], {}),
 ("ANTHROPIC_API_KEY", "Anthropic admin key", "High", ["sk-ant-admin"], r"\b(sk-ant-admin0[0-9]-[A-Za-z0-9_-]{80,120})", None,
  ["sk-ant-admin01-{B:93}AA"], ["sk-ant-admin01-xx"], {}),
 ("HUGGINGFACE_TOKEN", "Hugging Face user access token", "High", ["hf_"], r"\b(hf_[A-Za-z]{34})\b", "entropy:3.5",
  ["HF_TOKEN=hf_{A:34}", "huggingface-cli login --token hf_{A:34}"], ["hf_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "hf_short"], {}),
 ("HUGGINGFACE_TOKEN", "Hugging Face organisation API token", "High", ["api_org_"], r"\b(api_org_[A-Za-z]{34})\b", "entropy:3.5",
  ["token = 'api_org_{A:34}'"], ["api_org_name"], {}),
 ("GOOGLE_API_KEY", "Google API key (Gemini, Maps, Firebase)", "High", ["aiza"], r"\b(AIza[0-9A-Za-z_-]{35})(?:[^0-9A-Za-z_-]|$)", None,
  ["GEMINI_API_KEY=AIza{B:35}", "genai.configure(api_key=\"AIza{B:35}\")"], ["AIzaShort", "AIza{B:20}"], {}),
 ("GOOGLE_OAUTH_SECRET", "Google OAuth client secret", "High", ["gocspx-"], r"\b(GOCSPX-[A-Za-z0-9_-]{28})(?:[^A-Za-z0-9_-]|$)", None,
  ["\"client_secret\": \"GOCSPX-{B:28}\""], ["GOCSPX-short"], {}),
 ("GOOGLE_OAUTH_TOKEN", "Google OAuth access token", "High", ["ya29."], r"\b(ya29\.[0-9A-Za-z_-]{30,})", None,
  ["Authorization: Bearer ya29.{B:120}"], ["ya29.short"], {}),
 ("GOOGLE_OAUTH_CLIENT_ID", "Google OAuth client id", "Low", ["apps.googleusercontent.com"], r"\b([0-9]{8,14}-[a-z0-9]{32}\.apps\.googleusercontent\.com)", None,
  [], ["apps.googleusercontent.com"], {"label": "General", "window": (60, 30)}),
 ("COHERE_API_KEY", "Cohere API key (with context)", "Medium", ["cohere", "co_api_key"], r"(?i:cohere|co_api_key)" + CTX + r"([A-Za-z0-9]{40})\b", "entropy:3.5",
  ["COHERE_API_KEY=\"{a:40}\"", "cohere.Client('{a:40}')"[:0] + "co = cohere_key: {a:40}"], ["COHERE_API_KEY=\"{{cohere_key}}\""], {}),
 ("MISTRAL_API_KEY", "Mistral API key (with context)", "Medium", ["mistral"], r"(?i:mistral)" + CTX + r"([A-Za-z0-9]{32})\b", "entropy:3.5",
  ["MISTRAL_API_KEY={a:32}"], ["MISTRAL_API_KEY=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"], {}),
 ("GROQ_API_KEY", "Groq API key", "High", ["gsk_"], r"\b(gsk_[A-Za-z0-9]{52})\b", None,
  ["GROQ_API_KEY=gsk_{a:52}"], ["gsk_short"], {}),
 ("REPLICATE_API_TOKEN", "Replicate API token", "High", ["r8_"], r"\b(r8_[A-Za-z0-9]{37})\b", "entropy:3.5",
  ["REPLICATE_API_TOKEN=r8_{a:37}"], ["r8_short"], {}),
 ("AZURE_OPENAI_KEY", "Azure OpenAI / Azure AI services key (with context)", "Medium", ["azure", "api-key", "cognitive", "aoai"],
  r"(?i:azure[_-]?openai|azure[_-]?ai|openai[_-]?key|cognitive|aoai|ocp-apim-subscription-key|api-key)" + CTX + r"([a-f0-9]{32}|[A-Za-z0-9]{84})\b", "entropy:3.0",
  ["AZURE_OPENAI_API_KEY={h:32}", "headers = {\"api-key\": \"{h:32}\"}", "AZURE_AI_KEY: {a:84}"], ["AZURE_OPENAI_API_KEY=your-key-here"], {}),
 ("PERPLEXITY_API_KEY", "Perplexity API key", "High", ["pplx-"], r"\b(pplx-[A-Za-z0-9]{48})\b", None,
  ["PPLX_KEY=pplx-{a:48}"], ["pplx-short"], {}),
 ("XAI_API_KEY", "xAI API key", "High", ["xai-"], r"\b(xai-[A-Za-z0-9]{80})\b", None,
  ["XAI_API_KEY=xai-{a:80}"], ["xai-short"], {}),
 ("DEEPSEEK_API_KEY", "DeepSeek API key (with context)", "Medium", ["deepseek"], r"(?i:deepseek)" + CTX + r"(sk-[a-f0-9]{32})\b", None,
  ["DEEPSEEK_API_KEY=sk-{h:32}"], ["deepseek: sk-123"], {}),
 ("TOGETHER_API_KEY", "Together AI API key (with context)", "Medium", ["together"], r"(?i:together)" + CTX + r"([a-f0-9]{64}|tgp_v1_[A-Za-z0-9_-]{43})\b", None,
  ["TOGETHER_API_KEY={h:64}", "together_key: tgp_v1_{B:43}"], ["together we stand"], {}),
 ("LANGSMITH_API_KEY", "LangSmith API key", "High", ["lsv2_"], r"\b(lsv2_(?:pt|sk)_[a-f0-9]{32}_[a-f0-9]{10})\b", None,
  ["LANGCHAIN_API_KEY=lsv2_pt_{h:32}_{h:10}"], ["lsv2_pt_short"], {}),
 ("PINECONE_API_KEY", "Pinecone API key", "High", ["pcsk_"], r"\b(pcsk_[A-Za-z0-9_]{50,90})\b", None,
  ["PINECONE_API_KEY=pcsk_{a:6}_{a:64}"], ["pcsk_short"], {}),
 ("PINECONE_API_KEY", "Pinecone legacy API key (with context)", "Medium", ["pinecone"], r"(?i:pinecone)" + CTX + r"([a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12})\b", None,
  ["PINECONE_API_KEY={h:8}-{h:4}-{h:4}-{h:4}-{h:12}"], ["pinecone index"], {}),
 ("WANDB_API_KEY", "Weights & Biases API key (with context)", "Medium", ["wandb"], r"(?i:wandb)" + CTX + r"([a-f0-9]{40})\b", None,
  ["WANDB_API_KEY={h:40}"], ["wandb.init()"], {}),
 ("ELEVENLABS_API_KEY", "ElevenLabs API key", "Medium", ["sk_"], r"\b(sk_[a-f0-9]{48})\b", None,
  ["ELEVEN_API_KEY=sk_{h:48}"], ["sk_{h:20}"], {}),
 ("TAVILY_API_KEY", "Tavily API key", "High", ["tvly-"], r"\b(tvly-(?:dev-|prod-)?[A-Za-z0-9]{32})\b", None,
  ["TAVILY_API_KEY=tvly-{a:32}", "tvly-dev-{a:32}"], ["tvly-short"], {}),
 ("JINA_API_KEY", "Jina AI API key", "High", ["jina_"], r"\b(jina_[a-f0-9]{32}[A-Za-z0-9_-]{30,40})", None,
  ["JINA_API_KEY=jina_{h:32}{B:34}"], ["jina_short"], {}),
 ("FIRECRAWL_API_KEY", "Firecrawl API key", "Medium", ["fc-"], r"\b(fc-[a-f0-9]{32})\b", None,
  ["FIRECRAWL_API_KEY=fc-{h:32}"], ["fc-barcelona"], {}),
 ("OPENROUTER_API_KEY", "OpenRouter API key", "High", ["sk-or-v1-"], r"\b(sk-or-v1-[a-f0-9]{64})\b", None,
  ["OPENROUTER_API_KEY=sk-or-v1-{h:64}"], ["sk-or-v1-short"], {}),
 ("NVIDIA_API_KEY", "NVIDIA API key", "High", ["nvapi-"], r"\b(nvapi-[A-Za-z0-9_-]{64})", None,
  ["NVIDIA_API_KEY=nvapi-{B:64}"], ["nvapi-short"], {}),
 ("CEREBRAS_API_KEY", "Cerebras API key", "High", ["csk-"], r"\b(csk-[a-z0-9]{48})\b", None,
  ["CEREBRAS_API_KEY=csk-{l:48}"], ["csk-short"], {}),
 ("LANGFUSE_SECRET_KEY", "Langfuse secret key", "High", ["sk-lf-"], r"\b(sk-lf-[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12})\b", None,
  ["LANGFUSE_SECRET_KEY=sk-lf-{h:8}-{h:4}-{h:4}-{h:4}-{h:12}"], ["sk-lf-short"], {}),
 ("VOYAGE_API_KEY", "Voyage AI API key (with context)", "Medium", ["voyage"], r"(?i:voyage)" + CTX + r"(pa-[A-Za-z0-9_-]{40,50})", None,
  ["VOYAGE_API_KEY=pa-{B:43}"], ["voyage to pa-short"], {}),
]
R["cloud"] = [
 ("AWS_ACCESS_KEY_ID", "AWS access key id", "High", ["akia", "asia", "abia", "acca", "a3t"], r"\b((?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z2-7]{16})\b", None,
  ["aws_access_key_id = AKIA{3:16}", "ASIA{3:16}"], ["AKIA{3:10}", "AKIA1111111111111111"], {}),
 ("AWS_SECRET_ACCESS_KEY", "AWS secret access key (with context)", "High", ["secret_access_key", "secretaccesskey", "aws_secret", "secret access key", "secret-access-key"],
  r"(?i:aws_?secret_?access_?key|aws_?secret_?key|aws_?secret|secret_?access_?key|secret access key|secret-access-key)[\"']?\s*(?:[:=]|:=|=>)\s*[\"']?([A-Za-z0-9/+]{40})(?:[^A-Za-z0-9/+=]|$)", "entropy:4.0",
  ["aws_secret_access_key = {b:40}", "\"SecretAccessKey\": \"{b:40}\""], ["aws_secret_access_key = AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"], {}),
 ("AWS_SESSION_TOKEN", "AWS session token (with context)", "High", ["session_token", "sessiontoken"], r"(?i:aws_?session_?token|SessionToken)[\"']?\s*(?:[:=]|:=|=>)\s*[\"']?([A-Za-z0-9/+=]{100,})", "entropy:4.0",
  ["aws_session_token = IQoJb3JpZ2luX2Vj{b:200}"], ["session_token = none"], {}),
 ("AWS_MWS_KEY", "Amazon MWS auth token", "High", ["amzn.mws."], r"\b(amzn\.mws\.[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\b", None,
  ["amzn.mws.{h:8}-{h:4}-{h:4}-{h:4}-{h:12}"], ["amzn.mws.short"], {}),
 ("AWS_BEDROCK_API_KEY", "Amazon Bedrock API key", "Medium", ["absk"], r"\b(ABSK[A-Za-z0-9+/]{100,}={0,2})", "entropy:4.0",
  ["AWS_BEARER_TOKEN_BEDROCK=ABSK{b:120}"], ["ABSKshort"], {}),
 ("AZURE_STORAGE_KEY", "Azure storage account key in a connection string", "High", ["accountkey"], r"(?i:AccountKey)\s*=\s*([A-Za-z0-9+/]{40,100}={0,2})", "entropy:4.0",
  ["DefaultEndpointsProtocol=https;AccountName=synthacct;AccountKey={b:86}==;EndpointSuffix=core.windows.net"], ["AccountKey=<key>"], {}),
 ("AZURE_STORAGE_KEY", "Azure storage account key (with context)", "Medium", ["storage", "azure_storage_key", "account_key"], r"(?i:azure_?storage_?(?:account_?)?key|storage_?account_?key|account_?key)" + CTX + r"([A-Za-z0-9+/]{86}==)", None,
  ["AZURE_STORAGE_KEY={b:86}=="], ["storage_key = short=="], {}),
 ("AZURE_SAS_TOKEN", "Azure shared access signature (SAS) token", "High", ["sig="], r"[?&]sv=[0-9]{4}-[0-9]{2}-[0-9]{2}&[^\s\"'<>]{0,400}?\bsig=([A-Za-z0-9%/+]{40,120})", None,
  ["https://acct.blob.core.windows.net/c/f.txt?sv=2022-11-02&ss=b&srt=o&sp=r&se=2026-01-01T00:00:00Z&st=2025-01-01&spr=https&sig={a:43}%3D"], ["?sig=abc", "sv=2020&sig="], {"window": (500, 140)}),
 ("AZURE_SHARED_ACCESS_KEY", "Azure Service Bus / Event Hubs / IoT shared access key", "High", ["sharedaccesskey"], r"(?i:SharedAccessKey)\s*=\s*([A-Za-z0-9+/]{40,100}={0,2})", "entropy:4.0",
  ["Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey={b:43}="], ["SharedAccessKey=<key>"], {}),
 ("AZURE_AD_CLIENT_SECRET", "Microsoft Entra ID (Azure AD) client secret", "High", ["q~"], r"(?:^|[^A-Za-z0-9_~.-])([A-Za-z0-9_~.-]{3}[0-9]Q~[A-Za-z0-9_~.-]{31,34})(?:[^A-Za-z0-9_~.-]|$)", None,
  ["AZURE_CLIENT_SECRET=abc8Q~{B:34}"], ["Q~short"], {}),
 ("AZURE_APP_CONFIG", "Azure App Configuration connection string", "High", ["azconfig.io"], r"https://[a-z0-9-]+\.azconfig\.io;Id=[^;\s]{1,64};Secret=([A-Za-z0-9+/]{40,60}={0,2})", None,
  ["Endpoint=https://synth.azconfig.io;Id=Ab1c-x0-s0:{a:20};Secret={b:43}="], ["Endpoint=https://x.azconfig.io;Id=1;Secret=x"], {}),
 ("AZURE_DEVOPS_PAT", "Azure DevOps personal access token (with context)", "Medium", ["devops", "vsts", "azdo", "ado_pat"], r"(?i:azure[_-]?devops|vsts|azdo|ado_pat)" + CTX + r"([a-z2-7]{52}|[A-Za-z0-9]{84})\b", "entropy:3.5",
  ["AZURE_DEVOPS_PAT={3:52}".lower() if False else "AZURE_DEVOPS_PAT=" + "".join(random.choice("abcdefghijklmnopqrstuvwxyz234567") for _ in range(52))], ["azure_devops: pipeline"], {}),
 ("AZURE_FUNCTION_KEY", "Azure Functions key (with context)", "Medium", ["x-functions-key", "functions_key"], r"(?i:x-functions-key|functions_?key)" + CTX + r"([A-Za-z0-9_-]{54}==)", None,
  ["x-functions-key: {B:54}=="], ["x-functions-key: <key>"], {}),
 ("GCP_SERVICE_ACCOUNT_KEY", "Google Cloud service-account JSON private key", "High", ["\"private_key\""], r"\"private_key\"\s*:\s*\"(-----BEGIN (?:RSA )?PRIVATE KEY-----\\n[A-Za-z0-9+/=\\]{64,}?-----END (?:RSA )?PRIVATE KEY-----(?:\\n)?)\"", None,
  ["{\"type\": \"service_account\", \"project_id\": \"synthetic\", \"private_key_id\": \"{h:40}\", \"private_key\": \"-----BEGIN PRIVATE KEY-----\\n{b:64}\\n{b:64}\\n-----END PRIVATE KEY-----\\n\"}"], ["\"private_key\": \"\""], {"window": (20, 9000)}),
 ("DIGITALOCEAN_TOKEN", "DigitalOcean token", "High", ["dop_v1_", "doo_v1_", "dor_v1_"], r"\b(do[por]_v1_[a-f0-9]{64})\b", None,
  ["DIGITALOCEAN_TOKEN=dop_v1_{h:64}"], ["dop_v1_short"], {}),
 ("ALIBABA_ACCESS_KEY_ID", "Alibaba Cloud access key id", "Medium", ["ltai"], r"\b(LTAI[A-Za-z0-9]{12,20})\b", "entropy:3.0",
  ["ALIBABA_CLOUD_ACCESS_KEY_ID=LTAI{a:20}"], ["LTAIshort"], {}),
 ("HEROKU_API_KEY", "Heroku API key", "High", ["hrku-"], r"\b(HRKU-[A-Za-z0-9_-]{60})", None,
  ["HEROKU_API_KEY=HRKU-{B:60}"], ["HRKU-short"], {}),
 ("HEROKU_API_KEY", "Heroku legacy API key (with context)", "Medium", ["heroku"], r"(?i:heroku)" + CTX + r"([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\b", None,
  ["HEROKU_API_KEY={h:8}-{h:4}-{h:4}-{h:4}-{h:12}"], ["heroku app"], {}),
 ("CLOUDFLARE_API_TOKEN", "Cloudflare API token (with context)", "Medium", ["cloudflare", "cf_api"], r"(?i:cloudflare|cf_api)" + CTX + r"([A-Za-z0-9_-]{40})\b", "entropy:3.5",
  ["CLOUDFLARE_API_TOKEN={B:40}"], ["cloudflare dns"], {}),
 ("DATABRICKS_TOKEN", "Databricks personal access token", "High", ["dapi"], r"\b(dapi[a-f0-9]{32}(?:-[0-9])?)\b", None,
  ["DATABRICKS_TOKEN=dapi{h:32}"], ["dapi-short", "dapiaaaa"], {}),
 ("VAULT_TOKEN", "HashiCorp Vault service or recovery token", "High", ["hvs.", "hvr."], r"\b(hv[sr]\.[A-Za-z0-9_-]{24,})", None,
  ["VAULT_TOKEN=hvs.{B:90}"], ["hvs.short"], {}),
 ("VAULT_TOKEN", "HashiCorp Vault batch token", "High", ["hvb."], r"\b(hvb\.[A-Za-z0-9_-]{90,})", None,
  ["VAULT_TOKEN=hvb.{B:120}"], ["hvb.short"], {}),
 ("TERRAFORM_CLOUD_TOKEN", "Terraform Cloud / Enterprise API token", "High", ["atlasv1"], r"\b([A-Za-z0-9]{14}\.atlasv1\.[A-Za-z0-9_=-]{60,70})", None,
  ["token = \"{a:14}.atlasv1.{B:67}\""], ["atlasv1.short"], {}),
 ("DOPPLER_TOKEN", "Doppler token", "High", ["dp.st.", "dp.ct.", "dp.sa.", "dp.pt.", "dp.scim.", "dp.audit."], r"\b(dp\.(?:st|ct|sa|scim|audit|pt)\.(?:[a-z0-9_-]{2,35}\.)?[A-Za-z0-9]{40,44})\b", None,
  ["DOPPLER_TOKEN=dp.st.prd.{a:43}", "dp.pt.{a:43}"], ["dp.st.short"], {}),
 ("PULUMI_ACCESS_TOKEN", "Pulumi access token", "High", ["pul-"], r"\b(pul-[a-f0-9]{40})\b", None,
  ["PULUMI_ACCESS_TOKEN=pul-{h:40}"], ["pul-short"], {}),
 ("SUPABASE_TOKEN", "Supabase access token", "High", ["sbp_"], r"\b(sbp_[a-f0-9]{40})\b", None,
  ["SUPABASE_ACCESS_TOKEN=sbp_{h:40}"], ["sbp_short"], {}),
 ("FLYIO_TOKEN", "Fly.io access token", "High", ["fo1_", "fm2_"], r"\b((?:fo1_|fm2_)[A-Za-z0-9_-]{43,})", None,
  ["FLY_API_TOKEN=fo1_{B:43}"], ["fo1_short"], {}),
 ("PLANETSCALE_TOKEN", "PlanetScale token or password", "High", ["pscale_"], r"\b(pscale_(?:tkn|pw|oauth)_[A-Za-z0-9_.-]{32,64})", None,
  ["PLANETSCALE_TOKEN=pscale_tkn_{B:43}"], ["pscale_tkn_x"], {}),
 ("GRAFANA_TOKEN", "Grafana Cloud access policy token", "High", ["glc_"], r"\b(glc_[A-Za-z0-9+/]{32,400}={0,2})", None,
  ["GRAFANA_TOKEN=glc_{b:80}"], ["glc_short"], {}),
 ("GRAFANA_TOKEN", "Grafana service account token", "High", ["glsa_"], r"\b(glsa_[A-Za-z0-9]{32}_[a-f0-9]{8})\b", None,
  ["GRAFANA_SA_TOKEN=glsa_{a:32}_{h:8}"], ["glsa_short"], {}),
 ("NEWRELIC_API_KEY", "New Relic user API key", "High", ["nrak-"], r"\b(NRAK-[A-Z0-9]{27})\b", None,
  ["NEW_RELIC_API_KEY=NRAK-{u:27}"], ["NRAK-short"], {}),
 ("NEWRELIC_API_KEY", "New Relic insights / license key", "High", ["nrii-", "nrjs-", "nral"], r"\b(NRII-[A-Za-z0-9_-]{32}|NRJS-[a-f0-9]{19}|[a-f0-9]{36}NRAL)\b", None,
  ["insert_key: NRII-{B:32}", "license_key: {h:36}NRAL"], ["NRII-short"], {"window": (48, 64)}),
 ("DATADOG_API_KEY", "Datadog API or application key (with context)", "Medium", ["datadog", "dd_api_key", "dd_app_key", "dd-api-key"], r"(?i:datadog|dd_api_key|dd_app_key|dd-api-key|dd-application-key)" + CTX + r"([a-f0-9]{32}|[a-f0-9]{40})\b", "entropy:3.0",
  ["DD_API_KEY={h:32}", "DATADOG_APP_KEY: {h:40}"], ["datadog agent"], {}),
 ("SENTRY_TOKEN", "Sentry organisation auth token", "High", ["sntrys_", "sntryu_"], r"\b(sntry[su]_[A-Za-z0-9+/=_]{40,})", None,
  ["SENTRY_AUTH_TOKEN=sntrys_{b:90}", "sntryu_{h:64}"], ["sntrys_short"], {}),
 ("SENTRY_DSN", "Sentry DSN key", "Low", ["sentry.io"], r"https://([a-f0-9]{32})@[a-z0-9.]*ingest(?:\.[a-z]+)?\.sentry\.io", None,
  [], ["https://sentry.io/docs"], {"label": "General", "window": (120, 16)}),
 ("DYNATRACE_TOKEN", "Dynatrace API token", "High", ["dt0"], r"\b(dt0[a-z][0-9]{2}\.[A-Z0-9]{24}\.[A-Z0-9]{64})\b", None,
  ["DT_API_TOKEN=dt0c01.{u:24}.{u:64}"], ["dt0c01.short"], {}),
 ("OKTA_API_TOKEN", "Okta API token (with context)", "Medium", ["okta"], r"(?i:okta)" + CTX + r"(00[A-Za-z0-9_-]{40})\b", "entropy:3.5",
  ["OKTA_API_TOKEN=00{B:40}"], ["okta login"], {}),
 ("IBM_CLOUD_API_KEY", "IBM Cloud API key (with context)", "Medium", ["ibm"], r"(?i:ibm(?:[_-]?cloud)?[_-]?(?:api)?[_-]?key)" + CTX + r"([A-Za-z0-9_-]{44})(?:[^A-Za-z0-9_-]|$)", "entropy:3.5",
  ["IBM_CLOUD_API_KEY={B:44}"], ["ibm key = short"], {}),
]
R["cloud"] += [
 ("VAULT_TOKEN", "HashiCorp Vault legacy token (with context)", "Medium", ["vault"], r"(?i:vault)[\w.-]{0,24}[\"'`]?\s*(?:[:=]|:=|=>|\s)\s*[\"'`]?([sbr]\.[A-Za-z0-9_-]{24,})", "entropy:3.5",
  ["VAULT_TOKEN=\"s.{a:24}\""], ["vault s.short"], {"late": True}),
 ("VAULT_UNSEAL_KEY", "HashiCorp Vault unseal key", "High", ["unseal"], r"(?i:unseal)(?:\s+(?i:key)\s*[0-9]*:|\s+)\s*([A-Za-z0-9+/]{43,44}={0,1})(?:[^A-Za-z0-9+/=]|$)", "entropy:4.0",
  ["Unseal Key 1: {b:44}", "vault operator unseal {b:44}"], ["unseal the vault"], {"late": True}),
 ("AZURE_SERVICE_KEY", "Azure service key, 84-character format", "High", ["jqqj9"], r"\b([A-Za-z0-9]{52}JQQJ9[9A-D][A-Za-z0-9]{26})\b", None,
  ["AZURE_AI_KEY={a:52}JQQJ99{a:26}"], ["JQQJ99short"], {"window": (60, 40), "late": True}),
 ("AZURE_DEVOPS_PAT", "Azure DevOps personal access token, 84-character format", "High", ["azdo"], r"\b([A-Za-z0-9]{76}AZDO[A-Za-z0-9]{4})\b", "entropy:3.5",
  ["ADO_TOKEN={a:76}AZDO{a:4}"], ["AZDO pipeline"], {"window": (80, 10), "late": True}),
]
R["vcs"] = [
 ("GITHUB_TOKEN", "GitHub personal access token (classic)", "Medium", ["ghp_"], r"\b(ghp_[A-Za-z0-9]{36})\b", "github",
  ["GITHUB_TOKEN={GHP}", "git clone https://x:{GHP}@github.com/o/r"], ["ghp_short", "ghp_{a:40}"], {}),
 ("GITHUB_TOKEN", "GitHub OAuth access token", "Medium", ["gho_"], r"\b(gho_[A-Za-z0-9]{36})\b", "github",
  ["token: {GHO}"], ["gho_short"], {}),
 ("GITHUB_TOKEN", "GitHub user-to-server token", "Medium", ["ghu_"], r"\b(ghu_[A-Za-z0-9]{36})\b", "github",
  ["{GHU}"], ["ghu_short"], {}),
 ("GITHUB_TOKEN", "GitHub server-to-server (app installation) token", "Medium", ["ghs_"], r"\b(ghs_[A-Za-z0-9]{36})\b", "github",
  ["GH_TOKEN={GHS}"], ["ghs_short"], {}),
 ("GITHUB_TOKEN", "GitHub refresh token", "Medium", ["ghr_"], r"\b(ghr_[A-Za-z0-9]{36})\b", "github",
  ["refresh_token={GHR}"], ["ghr_short"], {}),
 ("GITHUB_TOKEN", "GitHub fine-grained personal access token", "High", ["github_pat_"], r"\b(github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59})\b", None,
  ["GITHUB_TOKEN=github_pat_{a:22}_{a:59}"], ["github_pat_short"], {}),
 ("GITHUB_TOKEN", "GitHub legacy 40-hex token (with context)", "Medium", ["github", "gh_token"], r"(?i:(?:github|gh)[_-]?(?:token|pat|oauth|key|secret))" + CTX + r"([a-f0-9]{40})\b", "entropy:3.0",
  ["GITHUB_TOKEN={h:40}"], ["github sha {h:40}"], {}),
 ("GITLAB_TOKEN", "GitLab personal, project or group access token", "High", ["glpat-"], r"\b(glpat-[A-Za-z0-9_-]{20,})", None,
  ["GITLAB_TOKEN=glpat-{B:20}"], ["glpat-short"], {}),
 ("GITLAB_TOKEN", "GitLab pipeline trigger token", "High", ["glptt-"], r"\b(glptt-[a-f0-9]{40})\b", None,
  ["TRIGGER_TOKEN=glptt-{h:40}"], ["glptt-short"], {}),
 ("GITLAB_TOKEN", "GitLab runner registration token", "High", ["gr1348941"], r"\b(GR1348941[A-Za-z0-9_-]{20})\b", None,
  ["registration-token: GR1348941{B:20}"], ["GR1348941short"], {}),
 ("GITLAB_TOKEN", "GitLab runner authentication token", "High", ["glrt-"], r"\b(glrt-[A-Za-z0-9_-]{20,})", None,
  ["token = \"glrt-{B:20}\""], ["glrt-short"], {}),
 ("GITLAB_TOKEN", "GitLab deploy token", "High", ["gldt-"], r"\b(gldt-[A-Za-z0-9_-]{20,})", None,
  ["gldt-{B:20}"], ["gldt-short"], {}),
 ("GITLAB_TOKEN", "GitLab CI job, feed, incoming-mail or SCIM token", "High", ["glcbt-", "glft-", "glimt-", "glsoat-", "gloas-"], r"\b((?:glcbt|glft|glimt|glsoat|gloas)-[A-Za-z0-9_-]{20,})", None,
  ["glcbt-{B:24}", "glft-{B:20}"], ["glft-short"], {}),
 ("BITBUCKET_APP_PASSWORD", "Bitbucket app password", "High", ["atbb"], r"\b(ATBB[A-Za-z0-9_=.-]{32})\b", None,
  ["BITBUCKET_APP_PASSWORD=ATBB{a:32}"], ["ATBBshort"], {}),
 ("ATLASSIAN_API_TOKEN", "Atlassian API token", "High", ["atatt3"], r"\b(ATATT3[A-Za-z0-9_=-]{180,200})", None,
  ["JIRA_TOKEN=ATATT3{B:186}"], ["ATATT3short"], {}),
 ("SOURCEGRAPH_TOKEN", "Sourcegraph access token", "High", ["sgp_"], r"\b(sgp_(?:[a-f0-9]{16}_)?[a-f0-9]{40})\b", None,
  ["SRC_ACCESS_TOKEN=sgp_{h:16}_{h:40}"], ["sgp_short"], {}),
]
R["saas"] = [
 ("SLACK_TOKEN", "Slack bot token", "High", ["xoxb-"], r"\b(xoxb-[0-9]{10,13}-[0-9]{10,13}-[A-Za-z0-9]{24})\b", None,
  ["SLACK_BOT_TOKEN=xoxb-{d:12}-{d:13}-{a:24}"], ["xoxb-short"], {}),
 ("SLACK_TOKEN", "Slack user token", "High", ["xoxp-"], r"\b(xoxp-[0-9]{10,13}-[0-9]{10,13}-[0-9]{10,13}-[a-f0-9]{32})\b", None,
  ["xoxp-{d:12}-{d:12}-{d:13}-{h:32}"], ["xoxp-1-2-3"], {}),
 ("SLACK_TOKEN", "Slack app-level token", "High", ["xapp-"], r"\b(xapp-[0-9]-[A-Z0-9]{9,12}-[0-9]{10,14}-[a-f0-9]{64})\b", None,
  ["SLACK_APP_TOKEN=xapp-1-A{u:10}-{d:13}-{h:64}"], ["xapp-1-short"], {}),
 ("SLACK_TOKEN", "Slack configuration token", "High", ["xoxe."], r"\b(xoxe\.xox[bp]-[0-9]-[A-Za-z0-9]{100,200})", None,
  ["xoxe.xoxp-1-{a:150}"], ["xoxe.xoxp-1-short"], {}),
 ("SLACK_TOKEN", "Slack legacy workspace or refresh token", "High", ["xoxa-", "xoxo-", "xoxr-", "xoxs-", "xoxe-"], r"\b(xox[aorse]-[0-9]+-[0-9A-Za-z-]{20,150})", None,
  ["xoxe-1-{a:140}", "xoxa-2-{a:40}"], ["xoxa-"], {}),
 ("SLACK_WEBHOOK", "Slack incoming webhook URL", "High", ["hooks.slack.com"], r"(https://hooks\.slack\.com/(?:services|workflows|triggers)/T[A-Z0-9]{8,12}/[A-Z0-9]{8,12}/[A-Za-z0-9]{20,30})", None,
  ["https://hooks.slack.com/services/T{u:8}/B{u:10}/{a:24}"], ["https://hooks.slack.com/services/"], {}),
 ("DISCORD_WEBHOOK", "Discord webhook URL", "High", ["discord"], r"(https://(?:ptb\.|canary\.)?discord(?:app)?\.com/api/webhooks/[0-9]{17,20}/[A-Za-z0-9_-]{60,70})", None,
  ["https://discord.com/api/webhooks/{d:18}/{B:68}"], ["https://discord.com/api/webhooks/"], {}),
 ("DISCORD_BOT_TOKEN", "Discord bot token (with context)", "Medium", ["discord", "bot_token"], r"\b([MNO][A-Za-z0-9_-]{23,25}\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27,38})\b", "entropy:3.5",
  ["DISCORD_BOT_TOKEN=M{a:23}.{B:6}.{B:27}"], ["discord M.x.y"], {"window": (120, 120)}),
 ("TEAMS_WEBHOOK", "Microsoft Teams incoming webhook URL", "High", ["webhook.office.com", "outlook.office.com/webhook", "outlook.office365.com/webhook"], r"(https://(?:[a-z0-9-]+\.webhook\.office\.com/webhookb2|outlook\.office(?:365)?\.com/webhook)/[a-f0-9-]{36}@[a-f0-9-]{36}/IncomingWebhook/[a-f0-9]{32}/[a-f0-9-]{36}(?:/[A-Za-z0-9_-]+)?)", None,
  ["https://contoso.webhook.office.com/webhookb2/{h:8}-{h:4}-{h:4}-{h:4}-{h:12}@{h:8}-{h:4}-{h:4}-{h:4}-{h:12}/IncomingWebhook/{h:32}/{h:8}-{h:4}-{h:4}-{h:4}-{h:12}"], ["https://x.webhook.office.com/"], {"window": (300, 300)}),
 ("STRIPE_SECRET_KEY", "Stripe live secret key", "High", ["sk_live_"], r"\b(sk_live_[A-Za-z0-9]{24,99})\b", None,
  ["STRIPE_SECRET_KEY=sk_live_{a:24}", "stripe.api_key = \"sk_live_{a:99}\""], ["sk_live_short"], {}),
 ("STRIPE_SECRET_KEY", "Stripe test secret key", "Medium", ["sk_test_"], r"\b(sk_test_[A-Za-z0-9]{24,99})\b", None,
  ["sk_test_{a:24}"], ["sk_test_x"], {}),
 ("STRIPE_SECRET_KEY", "Stripe restricted key", "High", ["rk_live_", "rk_test_"], r"\b(rk_(?:live|test)_[A-Za-z0-9]{24,99})\b", None,
  ["rk_live_{a:24}"], ["rk_live_x"], {}),
 ("STRIPE_WEBHOOK_SECRET", "Stripe webhook signing secret", "High", ["whsec_"], r"\b(whsec_[A-Za-z0-9]{32,})", None,
  ["STRIPE_WEBHOOK_SECRET=whsec_{a:32}"], ["whsec_short"], {}),
 ("TWILIO_API_KEY", "Twilio API key SID (with context)", "Medium", ["twilio"], r"\b(SK[0-9a-f]{32})\b", None,
  ["TWILIO_API_KEY=SK{h:32}"], ["twilio SKshort"], {"window": (80, 80)}),
 ("TWILIO_AUTH_TOKEN", "Twilio auth token (with context)", "Medium", ["twilio"], r"(?i:twilio)[\w.-]{0,20}(?i:auth|token|secret)" + CTX + r"([a-f0-9]{32})\b", "entropy:3.0",
  ["TWILIO_AUTH_TOKEN={h:32}"], ["twilio_auth_token = none"], {}),
 ("SENDGRID_API_KEY", "SendGrid API key", "High", ["sg."], r"\b(SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43})", None,
  ["SENDGRID_API_KEY=SG.{B:22}.{B:43}"], ["SG.short.x"], {}),
 ("MAILGUN_API_KEY", "Mailgun API key", "Medium", ["key-"], r"\b(key-[a-f0-9]{32})\b", None,
  ["MAILGUN_API_KEY=key-{h:32}"], ["key-short"], {}),
 ("MAILCHIMP_API_KEY", "Mailchimp API key", "High", ["-us"], r"\b([a-f0-9]{32}-us[0-9]{1,2})\b", None,
  ["MAILCHIMP_KEY={h:32}-us21"], ["abc-us1"], {"window": (40, 8)}),
 ("POSTMARK_TOKEN", "Postmark server token (with context)", "Medium", ["postmark"], r"(?i:postmark)" + CTX + r"([a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12})\b", None,
  ["POSTMARK_SERVER_TOKEN={h:8}-{h:4}-{h:4}-{h:4}-{h:12}"], ["postmark template"], {}),
 ("SHOPIFY_TOKEN", "Shopify access token or shared secret", "High", ["shpat_", "shpca_", "shppa_", "shpss_"], r"\b(shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32})\b", None,
  ["SHOPIFY_TOKEN=shpat_{h:32}"], ["shpat_short"], {}),
 ("SQUARE_TOKEN", "Square access token", "High", ["eaaa"], r"\b(EAAA[A-Za-z0-9_-]{60})(?:[^A-Za-z0-9_-]|$)", None,
  ["SQUARE_ACCESS_TOKEN=EAAA{B:60}"], ["EAAAshort"], {}),
 ("SQUARE_TOKEN", "Square OAuth secret or legacy token", "High", ["sq0atp-", "sq0csp-"], r"\b(sq0(?:atp|csp)-[A-Za-z0-9_-]{22,43})", None,
  ["sq0csp-{B:43}"], ["sq0csp-short"], {}),
 ("BRAINTREE_TOKEN", "Braintree / PayPal production access token", "High", ["access_token$production$"], r"(access_token\$production\$[a-z0-9]{16}\$[a-f0-9]{32})", None,
  ["access_token$production${l:16}${h:32}"], ["access_token$production$x"], {}),
 ("TELEGRAM_BOT_TOKEN", "Telegram bot token", "High", [":aa"], r"\b([0-9]{8,10}:AA[A-Za-z0-9_-]{33})(?:[^A-Za-z0-9_-]|$)", None,
  ["TELEGRAM_TOKEN={d:10}:AA{B:33}"], ["12:AAx"], {"window": (12, 40)}),
 ("TWITTER_BEARER_TOKEN", "X / Twitter app bearer token", "High", ["aaaaaaaaaaaaaaaaaaaaa"], r"\b(AAAAAAAAAAAAAAAAAAAAA[A-Za-z0-9%]{30,120})", None,
  ["TWITTER_BEARER=AAAAAAAAAAAAAAAAAAAAA{a:80}"], ["AAAAAAAAAAAAAAAAAAAAA"], {}),
 ("FACEBOOK_ACCESS_TOKEN", "Facebook / Meta access token", "Medium", ["eaa"], r"\b(EAA[B-Z][A-Za-z0-9]{80,})", "entropy:4.0",
  ["FB_TOKEN=EAAG{a:150}"], ["EAAGshort"], {}),
 ("NOTION_TOKEN", "Notion integration token", "High", ["ntn_"], r"\b(ntn_[0-9]{11}[A-Za-z0-9]{35})\b", None,
  ["NOTION_TOKEN=ntn_{d:11}{a:35}"], ["ntn_short"], {}),
 ("NOTION_TOKEN", "Notion legacy integration secret", "Medium", ["secret_"], r"\b(secret_[A-Za-z0-9]{43})\b", "entropy:4.0",
  ["NOTION_KEY=secret_{a:43}"], ["secret_sauce"], {}),
 ("LINEAR_API_KEY", "Linear API key", "High", ["lin_api_"], r"\b(lin_api_[A-Za-z0-9]{40})\b", None,
  ["LINEAR_API_KEY=lin_api_{a:40}"], ["lin_api_short"], {}),
 ("AIRTABLE_TOKEN", "Airtable personal access token", "High", ["pat"], r"\b(pat[A-Za-z0-9]{14}\.[a-f0-9]{64})\b", None,
  ["AIRTABLE_TOKEN=pat{a:14}.{h:64}"], ["pattern.x"], {"window": (4, 90)}),
 ("FIGMA_TOKEN", "Figma personal access token", "High", ["figd_"], r"\b(figd_[A-Za-z0-9_-]{40})", None,
  ["FIGMA_TOKEN=figd_{B:40}"], ["figd_short"], {}),
 ("DROPBOX_TOKEN", "Dropbox short-lived access token", "Medium", ["sl."], r"\b(sl\.[A-Za-z0-9_-]{130,})", "entropy:4.0",
  ["DROPBOX_TOKEN=sl.{B:140}"], ["sl.short"], {}),
 ("HUBSPOT_TOKEN", "HubSpot private app token", "High", ["pat-na1-", "pat-eu1-"], r"\b(pat-(?:na|eu)1-[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12})\b", None,
  ["HUBSPOT_TOKEN=pat-na1-{h:8}-{h:4}-{h:4}-{h:4}-{h:12}"], ["pat-na1-short"], {}),
 ("MAPBOX_TOKEN", "Mapbox secret token", "High", ["sk.eyj"], r"\b(sk\.eyJ[A-Za-z0-9_-]{50,}\.[A-Za-z0-9_-]{20,})", None,
  ["MAPBOX_SECRET=sk.eyJ{B:60}.{B:22}"], ["sk.eyJshort"], {}),
 ("ALGOLIA_API_KEY", "Algolia admin API key (with context)", "Medium", ["algolia"], r"(?i:algolia)" + CTX + r"([a-f0-9]{32})\b", None,
  ["ALGOLIA_ADMIN_KEY={h:32}"], ["algolia search"], {}),
 ("CONTENTFUL_TOKEN", "Contentful personal access token", "High", ["cfpat-"], r"\b(CFPAT-[A-Za-z0-9_-]{43})", None,
  ["CONTENTFUL_TOKEN=CFPAT-{B:43}"], ["CFPAT-short"], {}),
 ("TYPEFORM_TOKEN", "Typeform personal access token", "High", ["tfp_"], r"\b(tfp_[A-Za-z0-9_-]{40,60})", None,
  ["TYPEFORM_TOKEN=tfp_{B:44}"], ["tfp_short"], {}),
 ("SHIPPO_TOKEN", "Shippo API token", "High", ["shippo_live_", "shippo_test_"], r"\b(shippo_(?:live|test)_[a-f0-9]{40})\b", None,
  ["shippo_live_{h:40}"], ["shippo_live_x"], {}),
 ("FLUTTERWAVE_KEY", "Flutterwave secret key", "High", ["flwseck"], r"\b(FLWSECK(?:_TEST)?-[a-f0-9]{32}-X)\b", None,
  ["FLWSECK_TEST-{h:32}-X"], ["FLWSECK-x-X"], {}),
 ("RAZORPAY_KEY", "Razorpay key id", "Medium", ["rzp_"], r"\b(rzp_(?:live|test)_[A-Za-z0-9]{14})\b", None,
  ["RAZORPAY_KEY_ID=rzp_live_{a:14}"], ["rzp_live_x"], {}),
 ("ADAFRUIT_IO_KEY", "Adafruit IO key", "High", ["aio_"], r"\b(aio_[A-Za-z0-9]{28})\b", "entropy:3.5",
  ["IO_KEY = \"aio_{a:28}\""], ["aio_short"], {}),
 ("CLOJARS_TOKEN", "Clojars deploy token", "High", ["clojars_"], r"\b(CLOJARS_[a-z0-9]{60})\b", None,
  ["CLOJARS_TOKEN=CLOJARS_{l:60}"], ["CLOJARS_x"], {}),
 ("PREFECT_API_KEY", "Prefect API key", "High", ["pnu_"], r"\b(pnu_[A-Za-z0-9]{36})\b", None,
  ["PREFECT_API_KEY=pnu_{a:36}"], ["pnu_short"], {}),
 ("README_API_KEY", "ReadMe API key", "High", ["rdme_"], r"\b(rdme_[a-z0-9]{70})\b", None,
  ["README_API_KEY=rdme_{l:70}"], ["rdme_short"], {}),
 ("ONEPASSWORD_TOKEN", "1Password service account token", "High", ["ops_eyj"], r"\b(ops_eyJ[A-Za-z0-9+/=_-]{200,})", None,
  ["OP_SERVICE_ACCOUNT_TOKEN=ops_eyJ{B:250}"], ["ops_eyJshort"], {}),
 ("TAILSCALE_KEY", "Tailscale auth or API key", "High", ["tskey-"], r"\b(tskey-(?:auth|api|client|scim|webhook)-[A-Za-z0-9]{8,}-[A-Za-z0-9]{20,})", None,
  ["TS_AUTHKEY=tskey-auth-{a:12}CNTRL-{a:30}"], ["tskey-auth-x"], {}),
 ("INFRACOST_API_KEY", "Infracost API key", "High", ["ico-"], r"\b(ico-[A-Za-z0-9]{32})\b", None,
  ["INFRACOST_API_KEY=ico-{a:32}"], ["ico-short"], {}),
 ("SNYK_TOKEN", "Snyk API token (with context)", "Medium", ["snyk"], r"(?i:snyk)" + CTX + r"([a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12})\b", None,
  ["SNYK_TOKEN={h:8}-{h:4}-{h:4}-{h:4}-{h:12}"], ["snyk test"], {}),
 ("POSTMAN_API_KEY", "Postman API key", "High", ["pmak-"], r"\b(PMAK-[a-f0-9]{24}-[a-f0-9]{34})\b", None,
  ["POSTMAN_API_KEY=PMAK-{h:24}-{h:34}"], ["PMAK-short"], {}),
 ("NGROK_TOKEN", "ngrok auth token (with context)", "Medium", ["ngrok"], r"(?i:ngrok)" + CTX + r"([0-9A-Za-z]{27}_[0-9A-Za-z]{21,22})\b", None,
  ["NGROK_AUTHTOKEN={a:27}_{a:21}"], ["ngrok http 80"], {}),
]
R["packages"] = [
 ("NPM_TOKEN", "npm access token", "Medium", ["npm_"], r"\b(npm_[A-Za-z0-9]{36})\b", "github",
  ["//registry.npmjs.org/:_authToken={NPM}"], ["npm_short", "npm_install"], {}),
 ("NPM_TOKEN", "npm auth token in .npmrc or .yarnrc", "Medium", ["_authtoken", "npmauthtoken"], r"(?i:_authToken|npmAuthToken)\s*[=:]\s*[\"']?([A-Za-z0-9_-]{36,})", "generic:3.0",
  ["//registry.example.org/:_authToken={B:40}", "npmAuthToken: \"{a:36}\""], ["_authToken=${NPM_TOKEN}"], {}),
 ("PYPI_TOKEN", "PyPI upload token", "High", ["pypi-ageichlwas5vcmc"], r"\b(pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,})", None,
  ["password = pypi-AgEIcHlwaS5vcmc{B:120}"], ["pypi-AgEIcHlwaS5vcmc"], {}),
 ("PYPI_TOKEN", "TestPyPI upload token", "High", ["pypi-agendgvzdc5wexbplm9yzw"], r"\b(pypi-AgENdGVzdC5weXBpLm9yZw[A-Za-z0-9_-]{50,})", None,
  ["pypi-AgENdGVzdC5weXBpLm9yZw{B:100}"], ["pypi-AgENdGVzdC5weXBpLm9yZw"], {}),
 ("DOCKER_HUB_TOKEN", "Docker Hub personal or organisation access token", "High", ["dckr_pat_", "dckr_oat_"], r"\b(dckr_(?:pat|oat)_[A-Za-z0-9_-]{27,})", None,
  ["DOCKER_TOKEN=dckr_pat_{B:27}"], ["dckr_pat_x"], {}),
 ("DOCKER_CONFIG_AUTH", "Docker config.json registry credentials", "Medium", ["\"auth\""], r"\"auth\"\s*:\s*\"([A-Za-z0-9+/]{12,}={0,2})\"", "b64colon",
  ["{\"auths\": {\"registry.example.org\": {\"auth\": \"{DOCKERAUTH}\"}}}"], ["\"auth\": \"bm90IGEgcGFpcg==\""], {}),
 ("RUBYGEMS_API_KEY", "RubyGems API key", "High", ["rubygems_"], r"\b(rubygems_[a-f0-9]{48})\b", None,
  ["GEM_HOST_API_KEY=rubygems_{h:48}"], ["rubygems_short"], {}),
 ("NUGET_API_KEY", "NuGet API key", "Medium", ["oy2"], r"\b(oy2[a-z0-9]{43})\b", "entropy:3.5",
  ["NUGET_API_KEY=oy2{l:43}"], ["oy2short"], {}),
 ("CRATES_IO_TOKEN", "crates.io API token", "High", ["cio"], r"\b(cio[A-Za-z0-9]{32})\b", "entropy:3.5",
  ["CARGO_REGISTRY_TOKEN=cio{a:32}"], ["ciocioshort"], {}),
 ("ARTIFACTORY_TOKEN", "JFrog Artifactory API key", "High", ["akcp"], r"\b(AKCp[A-Za-z0-9]{69})\b", None,
  ["ARTIFACTORY_API_KEY=AKCp{a:69}"], ["AKCpshort"], {}),
 ("ARTIFACTORY_TOKEN", "JFrog reference token", "High", ["cmvmdgtu"], r"\b(cmVmdGtu[A-Za-z0-9]{56})\b", None,
  ["JFROG_TOKEN=cmVmdGtu{a:56}"], ["cmVmdGtu"], {}),
 ("HEX_PM_KEY", "Hex.pm API key (with context)", "Medium", ["hex_api_key", "hexpm"], r"(?i:hex_?api_?key|hexpm)" + CTX + r"([a-f0-9]{32})\b", None,
  ["HEX_API_KEY={h:32}"], ["hexpm docs"], {}),
 ("GRADLE_PUBLISH_KEY", "Gradle plugin portal key (with context)", "Medium", ["gradle.publish"], r"gradle\.publish\.(?:key|secret)\s*=\s*([A-Za-z0-9]{32})\b", None,
  ["gradle.publish.secret={a:32}"], ["gradle.publish.key=short"], {}),
]
R["keys"] = [
 ("PRIVATE_KEY", "PEM RSA private key", "High", ["-----begin rsa private key"], r"(-----BEGIN RSA PRIVATE KEY-----(?:\\n|\s)+[\s\S]{64,}?-----END RSA PRIVATE KEY-----)", None,
  ["{PEM:RSA PRIVATE KEY}"], ["-----BEGIN RSA PRIVATE KEY-----\n-----END RSA PRIVATE KEY-----"], {"window": (0, 16500)}),
 ("PRIVATE_KEY", "PEM EC private key", "High", ["-----begin ec private key"], r"(-----BEGIN EC PRIVATE KEY-----(?:\\n|\s)+[\s\S]{64,}?-----END EC PRIVATE KEY-----)", None,
  ["{PEM:EC PRIVATE KEY}"], ["-----BEGIN EC PRIVATE KEY----- x"], {"window": (0, 16500)}),
 ("PRIVATE_KEY", "PEM DSA private key", "High", ["-----begin dsa private key"], r"(-----BEGIN DSA PRIVATE KEY-----(?:\\n|\s)+[\s\S]{64,}?-----END DSA PRIVATE KEY-----)", None,
  ["{PEM:DSA PRIVATE KEY}"], ["BEGIN DSA PRIVATE KEY"], {"window": (0, 16500)}),
 ("PRIVATE_KEY", "PKCS#8 private key", "High", ["-----begin private key"], r"(-----BEGIN PRIVATE KEY-----(?:\\n|\s)+[\s\S]{64,}?-----END PRIVATE KEY-----)", None,
  ["{PEM:PRIVATE KEY}"], ["-----BEGIN PUBLIC KEY-----\nMIIB\n-----END PUBLIC KEY-----"], {"window": (0, 16500)}),
 ("PRIVATE_KEY", "Encrypted PKCS#8 private key", "High", ["-----begin encrypted private key"], r"(-----BEGIN ENCRYPTED PRIVATE KEY-----(?:\\n|\s)+[\s\S]{64,}?-----END ENCRYPTED PRIVATE KEY-----)", None,
  ["{PEM:ENCRYPTED PRIVATE KEY}"], ["-----BEGIN ENCRYPTED PRIVATE KEY-----"], {"window": (0, 16500)}),
 ("PRIVATE_KEY", "OpenSSH private key", "High", ["-----begin openssh private key"], r"(-----BEGIN OPENSSH PRIVATE KEY-----(?:\\n|\s)+[\s\S]{64,}?-----END OPENSSH PRIVATE KEY-----)", None,
  ["{PEM:OPENSSH PRIVATE KEY}"], ["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI public"], {"window": (0, 16500)}),
 ("PRIVATE_KEY", "PGP private key block", "High", ["-----begin pgp private key block"], r"(-----BEGIN PGP PRIVATE KEY BLOCK-----(?:\\n|\s)+[\s\S]{64,}?-----END PGP PRIVATE KEY BLOCK-----)", None,
  ["{PEM:PGP PRIVATE KEY BLOCK}"], ["-----BEGIN PGP PUBLIC KEY BLOCK-----"], {"window": (0, 64500)}),
 ("PRIVATE_KEY", "Private key header (truncated or unterminated key)", "Medium", ["-----begin"], r"(-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----)", None,
  ["key = \"-----BEGIN RSA PRIVATE KEY-----\nMIIEow...(truncated)"], ["-----BEGIN CERTIFICATE-----"], {"window": (0, 60), "generic": True}),
 ("PRIVATE_KEY", "PuTTY private key file", "High", ["putty-user-key-file-"], r"(PuTTY-User-Key-File-[23]: [a-z0-9-]+\r?\nEncryption: [a-z0-9-]+\r?\nComment: [^\r\n]*\r?\nPublic-Lines: [0-9]+\r?\n[\s\S]{20,}?Private-Lines: [0-9]+\r?\n[A-Za-z0-9+/=\r\n]{20,}?Private-MAC: [a-f0-9]+)", None,
  ["PuTTY-User-Key-File-2: ssh-rsa\nEncryption: none\nComment: synthetic\nPublic-Lines: 2\n{b:64}\n{b:20}\nPrivate-Lines: 2\n{b:64}\n{b:20}\nPrivate-MAC: {h:40}"], ["PuTTY-User-Key-File-2: ssh-rsa"], {"window": (0, 16500)}),
 ("WIREGUARD_PRIVATE_KEY", "WireGuard private key", "High", ["privatekey"], r"(?i:PrivateKey)\s*=\s*([A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=)", None,
  ["[Interface]\nPrivateKey = {b:42}A=\nAddress = 10.0.0.2/32"], ["PrivateKey = <base64>"], {}),
 ("AGE_SECRET_KEY", "age encryption secret key", "High", ["age-secret-key-1"], r"\b(AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58})\b", None,
  ["AGE-SECRET-KEY-1{8:58}"], ["AGE-SECRET-KEY-1SHORT"], {}),
 ("JWK_PRIVATE_KEY", "JSON Web Key with private part", "Medium", ["\"kty\""], r"\"d\"\s*:\s*\"([A-Za-z0-9_-]{40,})\"", "entropy:4.0",
  ["{\"kty\": \"EC\", \"crv\": \"P-256\", \"x\": \"{B:43}\", \"y\": \"{B:43}\", \"d\": \"{B:43}\"}"], ["{\"kty\": \"EC\", \"x\": \"{B:43}\"}"], {"window": (400, 600)}),
]
R["tokens"] = [
 ("JWT", "JSON Web Token", "Medium", ["eyj"], r"\b(eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{16,})", "jwt",
  ["Authorization: Bearer {JWT}", "token={JWT}"], ["eyJhbGciOi.eyJzdWIi.sig", "eyJub3Rqc29u.eyJ4eHh4eHh4eA.{B:30}"], {}),
 ("DATABASE_URL", "PostgreSQL URL with password", "High", ["postgres"], r"\b(?:postgres|postgresql)(?:\+[a-z0-9]+)?://[^\s:@/\"']{1,64}:([^\s@/\"']{1,128})@[A-Za-z0-9.-]", "generic:1.5",
  ["DATABASE_URL=postgres://app:{a:16}@db.internal:5432/app"], ["postgres://localhost/app", "postgres://user:${DB_PASSWORD}@db/app"], {}),
 ("DATABASE_URL", "MySQL / MariaDB URL with password", "High", ["mysql", "mariadb"], r"\b(?:mysql|mariadb)(?:\+[a-z0-9]+)?://[^\s:@/\"']{1,64}:([^\s@/\"']{1,128})@[A-Za-z0-9.-]", "generic:1.5",
  ["mysql://root:{a:14}@127.0.0.1:3306/shop"], ["mysql://localhost/db"], {}),
 ("DATABASE_URL", "MongoDB URL with password", "High", ["mongodb"], r"\bmongodb(?:\+srv)?://[^\s:@/\"']{1,64}:([^\s@/\"']{1,128})@[A-Za-z0-9.-]", "generic:1.5",
  ["MONGO_URI=mongodb+srv://svc:{a:20}@cluster0.abcde.mongodb.net/db"], ["mongodb://localhost:27017"], {}),
 ("DATABASE_URL", "Redis URL with password", "High", ["redis"], r"\brediss?://[^\s:@/\"']{0,64}:([^\s@/\"']{1,128})@[A-Za-z0-9.-]", "generic:1.5",
  ["REDIS_URL=redis://:{a:24}@cache:6379/0"], ["redis://localhost:6379"], {}),
 ("DATABASE_URL", "AMQP / RabbitMQ URL with password", "High", ["amqp"], r"\bamqps?://[^\s:@/\"']{1,64}:([^\s@/\"']{1,128})@[A-Za-z0-9.-]", "generic:1.5",
  ["amqp://svc:{a:18}@rabbit:5672/vhost"], ["amqp://guest@localhost"], {}),
 ("DATABASE_URL", "JDBC URL with password", "High", ["jdbc:"], r"\bjdbc:[a-z0-9]+:[^\s\"']{0,200}?[;?&](?i:password|pwd)=([^;&\s\"']{1,128})", "generic:1.5",
  ["jdbc:sqlserver://db:1433;databaseName=app;user=sa;password={a:16}"], ["jdbc:postgresql://db/app"], {"window": (0, 400)}),
 ("DATABASE_URL", "ODBC / ADO.NET connection string password", "High", ["password", "pwd"], r"(?i:Server|Data Source|Host|Address)\s*=[^;]{1,120};[^\n]{0,300}?(?i:Password|Pwd)\s*=\s*([^;\"'\s]{1,128})", "generic:1.5",
  ["Server=tcp:db.example.net,1433;Database=app;User ID=svc;Password={a:16};Encrypt=true"], ["Server=db;Integrated Security=true"], {"window": (450, 140)}),
 ("URL_CREDENTIALS", "Credentials in a URL", "High", ["://"], r"\b[a-z][a-z0-9+.-]{1,20}://[^\s:@/\"'<>]{1,64}:([^\s:@/\"'<>]{3,128})@[A-Za-z0-9.-]+", "generic:2.0",
  ["https://deploy:{a:20}@git.example.net/repo.git", "ftp://user:{a:12}@files.example.net/"], ["https://example.net/a:b@c", "http://user:@host"], {"window": (30, 300)}),
 ("BEARER_TOKEN", "Bearer token in an Authorization header", "Medium", ["bearer"], r"(?i:Authorization)[\"']?\s*[:=]\s*[\"']?(?i:Bearer)\s+([A-Za-z0-9._~+/-]{20,}=*)", "generic:3.5",
  ["Authorization: Bearer {B:40}", "-H 'Authorization: Bearer {a:32}'"], ["Authorization: Bearer <token>", "Authorization: Bearer $TOKEN"], {"generic": True, "window": (40, 400)}),
 ("BASIC_AUTH", "Basic credentials in an Authorization header", "High", ["basic "], r"(?i:Authorization)[\"']?\s*[:=]\s*[\"']?(?i:Basic)\s+([A-Za-z0-9+/]{8,}={0,2})", "b64colon",
  ["Authorization: Basic {BASICAUTH}"], ["Authorization: Basic bm90IGEgcGFpcg=="], {"window": (40, 200)}),
 ("PASSWORD_HASH", "bcrypt password hash", "Medium", ["$2a$", "$2b$", "$2y$"], r"(\$2[aby]\$[0-9]{2}\$[./A-Za-z0-9]{53})", None,
  ["admin:$2y$10${c:53}"], ["$2y$10$short"], {"label": "Confidential"}),
 ("PASSWORD_HASH", "SHA-crypt password hash ($5$/$6$)", "Medium", ["$6$", "$5$"], r"(\$[56]\$(?:rounds=[0-9]{1,9}\$)?[./A-Za-z0-9]{1,16}\$[./A-Za-z0-9]{43,86})", None,
  ["root:$6${a:8}${a:86}:19000:0:99999:7:::"], ["$6$x"], {"label": "Confidential"}),
 ("NETRC_PASSWORD", "Password in a .netrc entry", "High", ["machine"], r"(?i:machine)\s+\S{1,253}\s+(?i:login)\s+\S{1,128}\s+(?i:password)\s+(\S{3,128})", "generic:1.5",
  ["machine api.example.net login deploy password {a:20}"], ["machine learning login page password reset"[:0] + "machine x login y password ${PASS}"], {"window": (0, 500)}),
 ("KUBECONFIG_TOKEN", "Kubernetes kubeconfig user token or client key", "High", ["client-key-data", "token:"], r"(?:client-key-data:\s*([A-Za-z0-9+/=]{100,})|\busers:[\s\S]{0,300}?\btoken:\s*([A-Za-z0-9._-]{20,}))", "entropy:4.0",
  ["users:\n- name: admin\n  user:\n    client-key-data: {b:200}"], ["client-key-data: REDACTED"], {"window": (400, 2000)}),
]
R["generic"] = [
 ("PASSWORD", "Password assignment (quoted)", "Medium", ["pass", "pwd"], r"(?i:password|passwd|passphrase|pwd|pass)[\w.-]{0,20}[\"']?\s*(?::|=|:=|=>)\s*[\"']([^\"'\s]{6,128})[\"']", "generic:2.5",
  ["db_password = \"{a:16}\"", "'passwd': 'X9{a:10}'", "DB_PASS: \"{a:14}\""], ["password = \"changeme\"", "password = \"${DB_PASSWORD}\"", "password = \"\""], {"generic": True}),
 ("PASSWORD", "Password in an environment or properties file", "Medium", ["password", "passwd", "pwd"], r"(?im:^[ \t]*(?:export[ \t]+)?[A-Za-z0-9_.]*(?:password|passwd|pwd)[A-Za-z0-9_.]*[ \t]*[=:][ \t]*([^\s\"'#]{6,128})[ \t]*$)", "generic:2.5",
  ["export MYSQL_ROOT_PASSWORD={a:16}", "spring.datasource.password={a:12}"], ["PASSWORD=", "password: ${PASSWORD}"], {"generic": True, "window": (128, 256)}),
 ("GENERIC_SECRET", "Secret, token or API key assignment (quoted)", "Medium", ["secret", "token", "api_key", "apikey", "api-key", "access_key", "auth_key", "private_key", "client_secret"],
  r"(?i:secret|token|api[_-]?key|apikey|access[_-]?key|auth[_-]?key|client[_-]?secret|private[_-]?key)[\w.-]{0,20}[\"']?\s*(?::|=|:=|=>)\s*[\"']([A-Za-z0-9_+/=.~-]{16,200})[\"']", "generic:3.5",
  ["api_key = \"{a:32}\"", "\"client_secret\": \"{B:40}\""], ["api_key = \"YOUR_API_KEY_HERE_PLEASE\"", "token = \"aaaaaaaaaaaaaaaaaaaa\""], {"generic": True}),
 ("GENERIC_SECRET", "Secret, token or API key in an environment file", "Medium", ["secret", "token", "api_key", "apikey", "access_key", "private_key"],
  r"(?im:^[ \t]*(?:export[ \t]+)?[A-Z0-9_]*(?:SECRET|TOKEN|API_KEY|APIKEY|ACCESS_KEY|PRIVATE_KEY|AUTH_KEY)[A-Z0-9_]*[ \t]*=[ \t]*([A-Za-z0-9_+/=.~-]{16,200})[ \t]*$)", "generic:3.5",
  ["APP_SECRET={a:40}", "export SERVICE_TOKEN={B:32}"], ["APP_SECRET=${SECRET}", "TOKEN_TTL=3600000000000000000"], {"generic": True, "window": (128, 256)}),
 ("GENERIC_SECRET", "Secret passed as a command-line flag", "Medium", ["--pass", "--token", "--api-key", "--secret", "--apikey"], r"(?:--password|--passwd|--pass|--token|--api-key|--apikey|--secret|--client-secret)(?:=|\s+)[\"']?([^\s\"']{8,128})", "generic:3.0",
  ["mysql --password={a:16} -h db", "cli login --token {a:32}"], ["--password=$PASS", "--token <token>"], {"generic": True}),
 ("GENERIC_SECRET", "Secret in an XML element", "Medium", ["<password>", "<secret>", "<token>", "<apikey>", "<api-key>", "<clientsecret>"], r"<(?i:password|secret|token|apikey|api-key|clientsecret)>([^<\s]{6,200})</", "generic:2.5",
  ["<server><id>repo</id><password>{a:18}</password></server>"], ["<password>${env.PASS}</password>", "<password></password>"], {"generic": True}),
]

def rust_str(s):
    if "\"#" not in s:
        return 'r#"' + s + '"#'
    return json.dumps(s)

def esc(s):
    return json.dumps(s, ensure_ascii=False)

def validator(v):
    if v is None: return "V::None"
    if v == "github": return "V::GithubChecksum"
    if v == "jwt": return "V::Jwt"
    if v == "b64colon": return "V::Base64Credentials"
    k, x = v.split(":")
    return {"entropy": "V::Entropy", "generic": "V::Generic"}[k] + "(" + x + ")"

DOCS = {
 "ai": "AI provider keys: OpenAI, Azure OpenAI, Anthropic, Hugging Face, Google/Gemini, Cohere, Mistral, Groq, Replicate and others.",
 "cloud": "Cloud and infrastructure credentials: AWS, Azure, Google Cloud, DigitalOcean, HashiCorp, observability vendors.",
 "vcs": "Source hosting tokens: GitHub (with its CRC32 checksum), GitLab, Bitbucket, Atlassian, Sourcegraph.",
 "saas": "SaaS tokens and webhooks: Slack, Discord, Teams, Stripe, Twilio, SendGrid, Shopify and others.",
 "packages": "Package registry credentials: npm, PyPI, Docker Hub, RubyGems, NuGet, crates.io, Artifactory.",
 "keys": "Private keys: PEM (RSA, EC, DSA, PKCS#8), OpenSSH, PGP, PuTTY, WireGuard, age, JWK.",
 "tokens": "Structured credentials: JWTs, database and other URLs with passwords, Authorization headers, password hashes.",
 "generic": "Generic assignments of passwords, secrets and tokens, gated by entropy and a placeholder filter.",
}

# Ids are permanent: rules added after the first release carry "late" and are numbered after
# every earlier rule, so no existing id moves.
ids = {}
n = 0
order = ["ai", "cloud", "vcs", "saas", "packages", "keys", "tokens", "generic"]
for fam in order:
    for i, r in enumerate(R[fam]):
        if not r[8].get("late"):
            n += 1
            ids[(fam, i)] = "MOAT-S%03d" % n
for fam in order:
    for i, r in enumerate(R[fam]):
        if r[8].get("late"):
            n += 1
            ids[(fam, i)] = "MOAT-S%03d" % n
n = 0
order = ["ai", "cloud", "vcs", "saas", "packages", "keys", "tokens", "generic"]
for fam in order:
    lines = [f"//! {DOCS[fam]}", "//!", "//! Generated by `resources/dlp/gen_rules.py`; edit the definitions there.", "",
             "use moat_core::Confidence;", "", "use super::{SecretRule, Validator as V};", "",
             "pub(super) const RULES: &[SecretRule] = &["]
    for i, (entity, name, conf, kws, pat, val, pos, neg, opt) in enumerate(R[fam]):
        n += 1
        rid = ids[(fam, i)]
        re.compile(pat.replace("(?i:", "(?:").replace("\\p{", "p{"))  # sanity only
        pos = [fill(p) for p in pos]
        neg = [fill(p) for p in neg]
        win = opt.get("window", (16, 256))
        lines.append("    SecretRule {")
        lines.append(f"        id: {esc(rid)},")
        lines.append(f"        name: {esc(name)},")
        lines.append(f"        entity: {esc(entity)},")
        lines.append(f"        keywords: &[{', '.join(esc(k) for k in kws)}],")
        lines.append(f"        pattern: {rust_str(pat)},")
        lines.append(f"        validator: {validator(val)},")
        lines.append(f"        confidence: Confidence::{conf},")
        lines.append(f"        label: {esc(opt.get('label', 'Highly Confidential'))},")
        lines.append(f"        window: ({win[0]}, {win[1]}),")
        lines.append(f"        generic: {'true' if opt.get('generic') else 'false'},")
        lines.append(f"        positives: &[{', '.join(esc(p) for p in pos)}],")
        lines.append(f"        negatives: &[{', '.join(esc(p) for p in neg)}],")
        lines.append("    },")
    lines.append("];")
    with open(f"src/dlp/secrets/{fam}.rs", "w") as f:
        f.write("\n".join(lines) + "\n")
print(n, "rules")
