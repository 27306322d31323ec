"""The chat app: answers from the search index with Azure OpenAI, keyless (managed identity)."""
import os

from azure.identity import DefaultAzureCredential, get_bearer_token_provider
from azure.search.documents import SearchClient
from openai import AzureOpenAI

credential = DefaultAzureCredential()
token_provider = get_bearer_token_provider(credential, "https://cognitiveservices.azure.com/.default")
client = AzureOpenAI(
    azure_endpoint=os.environ.get("AZURE_OPENAI_ENDPOINT", "https://contoso-chat-oai.openai.azure.com/"),
    azure_ad_token_provider=token_provider,
    api_version="2024-10-21",
)
search = SearchClient(os.environ["AZURE_SEARCH_ENDPOINT"], "docs", credential)


def answer(question: str) -> str:
    hits = search.search(question, top=3)
    context = "\n".join(h["content"] for h in hits)
    r = client.chat.completions.create(
        model="gpt-4o",
        messages=[{"role": "system", "content": "Answer from the context only.\n" + context},
                  {"role": "user", "content": question}],
    )
    return r.choices[0].message.content or ""
