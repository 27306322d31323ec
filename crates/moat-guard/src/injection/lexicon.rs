//! The concept lexicon: words and phrases, in many languages, that map to one of a few dozen
//! language-independent concepts ("an override verb", "a noun for instructions", "words that
//! address an AI", ...). Texts are read as sequences of these concepts (`concepts.rs`) and the
//! concept rules (`rules.rs`) look for telling combinations, so one rule covers every language
//! and phrasing the lexicon knows.
//!
//! Notation: entries are written naturally and folded exactly like the text is (normalised,
//! lowercased, accents on Latin letters dropped, punctuation turned into spaces). An entry
//! matches whole words; a trailing `*` makes it match any word that starts with it (for
//! inflected languages). Entries in scripts written without spaces (Chinese, Japanese, Thai)
//! or with attached prefixes (Arabic, Hebrew, Persian) match anywhere; Korean entries always
//! match as word prefixes (particles attach to the end of words).
//!
//! Every entry was written for Moat. The rule tests in `rules.rs` and the detector tests pin
//! what the table must and must not catch; re-run the cross-validation (docs/guard.md) after
//! changing it.

/// A concept: an index into [`CONCEPTS`].
pub type Concept = u8;

macro_rules! concepts {
    ($($name:ident = $label:literal : [$($e:literal),* $(,)?];)*) => {
        /// Concept numbers.
        #[allow(missing_docs, non_upper_case_globals, dead_code)]
        pub mod c {
            concepts!(@num 0u8; $($name)*);
        }
        /// Every concept: its label and its entries.
        pub static CONCEPTS: &[(&str, &[&str])] = &[$(($label, &[$($e),*])),*];
    };
    (@num $n:expr; $first:ident $($rest:ident)*) => {
        pub const $first: u8 = $n;
        concepts!(@num $n + 1u8; $($rest)*);
    };
    (@num $n:expr;) => {};
}

concepts! {
    OVERRIDE = "override_verb": [
        // en
        "ignore", "ignores", "ignoring", "disregard", "disregarding", "disregards", "forget",         "override", "overriding", "overrule", "discard", "neglect", "abandon", "ditch", "scrap",
        "erase", "wipe", "cancel",         "throw out", "set aside", "put aside", "pay no attention", "nevermind",
        "never mind", "stop following", "no longer follow",
        "don't listen", "do not listen", "stop listening", "scratch that", "scratch all that",
        "overwrite",         "no longer matter*", "not apply", "don't apply", "dismiss", "unlearn",
        // de
        "ignorier*", "vergiss", "vergessen", "vergesst", "missachte*", "verwirf", "verwerfe*",
        "uberschreib*", "nicht mehr", "beachte nicht", "nicht beachten",
        // fr
        "ignore", "ignorez", "ignorer", "oublie", "oubliez", "oublier", "ne tiens plus compte", "ne tenez plus compte",
        "fais abstraction", "faites abstraction", "annule", "annulez", "ecarte*",
        // es / pt / it
        "olvida", "olvide", "olviden", "olvidar", "no hagas caso", "haz caso omiso", "omite",
        "descarta*", "desconsider*", "anula", "esqueca", "esquece", "esquecer", "dimentica*",
        "non seguire", "non tenere conto", "tralascia*", "scarta*",
        // nl / nordic / fi / hu / ro
        "negeer*", "vergeet", "glom", "glem", "unohda", "unohtakaa", "ohita",
        "hagyd figyelmen", "figyelmen kivul", "felejtsd", "uita", "ignora", "ignoras", "ignorar", "ignoren", "ignorate", "ignorare", "ignorati", "ignorera",
        // ru / uk / pl / cs
        "игнорир*", "проигнорир*", "забудь*", "забуд*", "не обращай внимания", "не обращайте внимания",
        "отбрось", "ігнор*", "забудь", "zignoruj*", "ignoruj*", "zapomnij", "zapomen*", "nevsimej*",
        // tr
        "yok say*", "gormezden gel*", "unut*", "boşver", "bosver", "dikkate alma",
        // ar / he / fa
        "تجاهل", "تتجاهل", "أهمل", "اهمل", "התעלם", "שכח", "נא להתעלם", "نادیده",
        "فراموش",
        // hi / bn
        "अनदेखा", "नज़रअंदाज़", "नजरअंदाज", "भूल जा*", "उपेक्षा", "উপেক্ষা", "ভুলে যাও",
        // zh / ja / ko
        "忽略", "无视", "無視", "忘记", "忘掉", "忘了", "不要理会", "忽视", "不理会", "别管",
        "忘れ", "무시", "잊어", "잊고",
        // vi / id / ms / tl / sw / th / el
        "bo qua", "phot lo", "abaikan", "lupakan", "huwag pansinin", "kalimutan", "puuza",
        "sahau", "ไม่ต้องสนใจ", "เพิกเฉย", "ลืม", "αγνόησ*", "ξέχασ*",
        "geçersiz say*", "uyma", "takma",
        "don't follow", "do not follow", "drop all",
        "pay no heed", "take no notice", "drop your", "throw away", "toss out",
        "reprogram", "reprogramming", "reprogrammed", "modify your programming", "modifying your programming", "rewrite your programming", "rewriting your programming",
    ];
    DISABLE = "disable_verb": [
        "disable", "disabling", "turn off", "switch off", "deactivate*", "bypass*",
        "circumvent*", "suspend",         "evade", "get around", "work around", "break out of",         "deaktivier*", "umgeh*", "desactiv*", "contourn*", "eludi*",
        "aggira*", "disattiva*", "отключ*", "обойди", "обойти", "sniman*", "wylacz*",
        "关闭", "绕过", "解除", "解除", "無効化", "回避", "해제", "우회", "devre disi",
        "kapat*", "atlat*",
        "kaldır*", "devre dışı", "kapalı", "atla", "geçersiz kıl*", "désactive", "desactiva",
        "switching off", "turning off", "turned off", "switched off", "disabling", "skip", "skipping",
    ];
    PRIOR = "prior": [
        "previous", "previously", "prior", "above", "earlier", "preceding", "former", "foregoing",
        "aforementioned", "before", "so far", "until now", "up to now", "beforehand",         "past",         "vorherig*", "bisherig*", "obig*", "vorangegangen*", "fruher*", "zuvor", "vorher",
        "precedent*", "anterieur*", "ci dessus", "auparavant", "anterior*", "previa*", "previo*",
        "arriba", "antes", "precedenti", "precedente", "sopra", "prima", "vorige", "eerdere",
        "eerder", "bovenstaande", "tidigare", "tidligere", "ovanstaende", "aiemm*", "edelli*",
        "korabbi*", "anterioare", "предыдущ*", "прежн*", "выше", "ранее", "попередн*",
        "poprzedni*", "wczesniejsz*", "predchoz*", "onceki", "yukaridaki", "السابقة",
        "السابق", "הקודמות", "הקודם", "قبلی", "पिछल*", "पहले", "আগের",
        "之前", "以上", "上面", "先前", "前面", "以前", "これまで", "上記", "前の", "이전", "앞의",
        "truoc do", "sebelumnya", "sebelum ini", "naunang", "za awali", "ก่อนหน้า",
        "προηγούμεν*",
        "ce qui precede", "qui precede", "lo anterior", "quanto sopra", "o que foi dito", "das obige", "das vorherige",
    ];
    ALL = "all_quantifier": [
        "all", "any", "every", "each", "everything", "anything", "whatever",         "no matter", "alle", "alles", "jede*", "tout", "tous", "toutes", "toute", "todo", "todos",
        "todas", "cualquier*", "tutto", "tutti", "tutte", "qualsiasi", "tudo", "qualquer",
        "allt", "kaikki", "osszes", "toate", "все", "всё", "всех", "любые", "любой", "усі",
        "всі", "wszystk*", "vsechn*", "tum", "tüm", "butun", "her sey*", "جميع", "كل",
        "כל", "همه", "सभी", "सब", "সব", "所有", "全部", "一切", "任何", "すべて", "全て", "全部",
        "모든", "tat ca", "semua", "lahat", "yote", "ทั้งหมด", "όλες", "όλα", "όλους",
    ];
    INSTRUCTIONS = "instructions_noun": [
        "instruction", "instructions", "directive", "directives", "rule", "rules", "guideline",
        "guidelines", "command", "commands", "orders", "programming", "prompt",
        "prompts", "policy", "policies", "guidance", "directions", "configuration",         "conditioning", "task", "tasks", "context", "assignment",
        "role",
        "anweisung*", "befehl*", "regel*", "richtlinie*", "vorgabe*", "aufgabe*", "instruktion*",
        "consigne*", "instruction*", "regle*", "directive*", "instruccion*", "regla*",
        "indicacion*", "directrices", "ordenes", "istruzion*", "regol*", "direttiv*",
        "instrucoes", "instrucao", "regras", "orientacoes", "diretrizes", "instructies",
        "regels", "opdracht*", "instruktion*", "instruks*", "ohje*", "saanno*", "utasitas*",
        "szabaly*", "instructiun*", "reguli*", "инструкц*", "указани*", "правил*", "команд*",
        "установк*", "вказів*", "інструкц*", "instrukc*", "polecen*", "zasad*", "pokyn*",
        "pravidl*", "talimat*", "kural*", "yonerge*", "komut*", "التعليمات", "تعليمات",
        "الأوامر", "التوجيهات", "القواعد", "הוראות", "ההוראות", "הנחיות", "دستور",
        "دستورالعمل", "निर्देश*", "नियम", "আদেশ", "নির্দেশ", "指令", "指示", "说明", "規則",
        "规则", "要求", "命令", "ルール", "設定", "지시", "명령", "지침", "규칙", "huong dan",
        "chi dan", "instruksi", "arahan", "perintah", "aturan", "tagubilin", "maagizo",
        "maelekezo", "คำสั่ง", "กฎ", "οδηγί*", "εντολ*", "κανόν*",
        "任务", "タスク",
        "richtlijn*", "quy tac", "quy dinh", "huong dan", "قوانین", "قواعد", "ضوابط", "pravidla", "retningslinjer", "riktlinjer", "ohjeistu*", "irányelv*", "iranyelv*", "petunjuk", "aturan", "arahan", "maagizo", "kanuni", "नियम", "निर्देश*", "নির্দেশ*", "নিয়ম",
    ];
    LIMITS = "limits_noun": [
        "restriction", "restrictions", "limitation", "limitations", "limit", "limits",
        "constraint", "constraints", "filters", "guardrail*",
        "safeguard*", "censorship", "ethics", "morals", "morality", "boundaries", "principles",
        "safety", "safety measures", "content policy", "content policies", "alignment",
        "moderation", "barriers", "shackles", "chains", "confines",
        "einschrankung*", "beschrankung*", "zensur", "restriction*", "limite*",
        "censure", "restriccion*", "limites", "censura", "restrizion*", "limiti",
        "restricoes", "limitacoes", "beperking*", "ограничени*", "фильтр*", "цензур*",
        "обмежен*", "ograniczen*", "omezeni", "kisitlama*", "sinir*", "sınır*", "قيود",
        "القيود", "הגבלות", "محدودیت", "प्रतिबंध", "सीमा", "限制", "约束", "过滤", "審査", "制限",
        "フィルター", "제한", "필터", "han che", "gioi han", "batasan", "pembatasan",
        "ข้อจำกัด", "περιορισμ*",
        "filtre*", "sansür", "güvenlik", "etik kurallar*",
        "kiem duyet", "رقابة", "الرقابة", "سانسور", "cenzur*", "safety checks", "safety check", "safety guidelines", "safety rules", "safety features", "content filter", "content filters", "ethical guidelines", "moral code", "kisitla*",
    ];
    SYSTEM_PROMPT = "system_prompt": [
        "system prompt", "system prompts", "system message", "system instructions",
        "system instruction", "pre prompt", "preprompt", "initial prompt", "initial instructions",
        "original instructions", "original prompt", "developer message", "developer instructions",
        "hidden prompt", "hidden instructions", "secret instructions", "meta prompt",
        "context window", "prompt text", "prompt texts", "instructions above", "text above",
        "the words above", "first message", "initial message",                 "systemprompt*", "systemanweisung*", "systemnachricht*", "prompt systeme",
        "prompt du systeme", "instructions cachees", "prompt del sistema", "mensaje de sistema",
        "mensaje del sistema", "prompt di sistema", "prompt do sistema", "systeemprompt",
        "systemmelding*", "jarjestelmakehot*", "rendszerprompt*", "promptul de sistem",
        "системный промпт", "системного промпта", "системный промт", "системные инструкции", "системных инструкций", "системную инструкцию", "системное сообщение", "системного сообщения", "системні інструкції", "системний промпт", "системний запит", "системні вказівки",
        "prompt systemow*", "systemovy prompt", "systemove pokyny", "sistem istem*", "sistem mesaj*",
        "sistem talimat*", "موجه النظام", "تعليمات النظام", "הנחיות המערכת", "پیام سیستمی",
        "सिस्टम प्रॉम्प्ट", "সিস্টেম প্রম্পট", "系统提示", "系统指令", "系统消息", "提示词",
        "初始指令", "隐藏指令", "システムプロンプト", "プロンプト", "시스템 프롬프트", "프롬프트",
        "loi nhac he thong", "prompt sistem", "arahan sistem", "พรอมต์ระบบ", "εντολές συστήματος",
        "iç talimat*", "iç yönerge*", "gizli talimat*", "consignes système", "instructions système", "règles système", "you were told", "you were given", "you were instructed", "were you told", "were you given", "i was instructed", "my instructions are", "initialization string", "initialisation string", "initial configuration", "beginning of this conversation", "start of this conversation", "before this conversation",
        "you were set up with", "you were configured with", "you were programmed with", "you were initialised with", "you were initialized with", "that you received", "you received earlier", "you received before", "before my message", "before my first message",
        "message systeme", "message du systeme", "messages systeme", "que tu as recu", "que vous avez recu", "que tu as recues", "que recibiste", "que has recibido", "que voce recebeu", "die du erhalten hast", "die du bekommen hast", "die dir gegeben wurden", "которые тебе дали", "что тебе дали", "которые ты получил", "你收到的", "给你的指令", "给你的提示", "were you configured", "were you programmed", "were you set up", "were you instructed", "you got from", "you have been given", "you ve been given", "the system says", "the system said", "what the system says",
    ];
    REVEAL = "reveal_verb": [
        "reveal", "revealing", "show", "print", "display", "output", "repeat", "recite",
        "disclose", "expose", "leak", "dump", "divulge", "quote", "echo",         "spell out", "read out", "write out", "type out", "list", "tell me", "tell us",
        "give me", "share", "encode", "translate", "summarize", "summarise",
        "zeig*", "verrat*", "nenn*", "gib", "ausgeben", "gib aus", "wiederhol*", "montre*",
        "affiche*", "revele*", "repete*", "divulgu*", "muestra*", "revela*", "repite",
        "ensena*", "mostra*", "rivela*", "ripeti", "mostre", "exibe", "exiba", "laat zien",
        "toon", "onthul*", "visa", "vis", "nayta*", "kirjoita", "ird ki", "mutasd", "afiseaz*",
        "покажи*", "выведи*", "раскрой*", "повтори*", "скажи*", "покажи", "виведи", "розкрий",
        "pokaz*", "wypisz*", "ujawnij", "vypis*", "ukaz*", "goster*", "göster*", "yaz",
        "acikla*", "اعرض", "أظهر", "اكشف", "הצג", "חשוף", "نشان بده", "दिखाओ", "दिखाइए",
        "बताओ", "দেখাও", "显示", "输出", "告诉我", "泄露", "打印", "重复", "发给我", "表示",
        "教え", "見せ", "出力", "보여", "출력", "알려", "hien thi", "cho toi biet",
        "tampilkan", "tunjukkan", "dedahkan", "ipakita", "unionyeshe", "แสดง", "δείξ*", "δείξε",
        "tekrarla*", "sızdır*", "console log", "let me see", "need to see", "want to see",
        "copy the", "copy your", "copy all", "quote it", "quote them",
        "paste", "paste in", "reproduce", "transcribe", "write down", "type up", "regurgitate",
    ];
    SECRET = "secret_adjective": [
        "hidden", "secret", "confidential", "internal",                 "underlying", "private", "classified",         "geheim*", "vertraulich*", "intern*", "cache*", "secret*", "confidentiel*",
        "interne*", "oculta*", "secreta*", "interna*",         "nascost*", "segret*", "ocultas", "escondid*", "verborgen",
        "skryt*", "скрыт*", "секретн*", "тайн*", "внутренн*", "прихован*",
        "ukryt*", "tajn*", "gizli", "السرية", "المخفية", "סודי*",
        "مخفی", "गुप्त", "छिपे", "隐藏", "秘密", "内部", "隠され", "秘密の",
        "숨겨진", "비밀", "rahasia", "tersembunyi", "lihim", "siri", "ลับ",
        "κρυφ*",
    ];
    VERBATIM = "verbatim": [
        "verbatim", "word for word", "exact", "exactly", "in full", "full", "complete",
        "original", "initial", "raw", "unedited", "as is", "wortlich", "wort fur wort",
        "mot pour mot", "integralement", "palabra por palabra", "textualmente",
        "parola per parola", "alla lettera", "palavra por palavra", "woord voor woord",
        "дословно", "слово в слово", "полностью", "dosłownie", "kelimesi kelimesine",
        "harfiyen", "حرفيا", "מילה במילה", "کلمه به کلمه", "原封不动", "逐字", "完整",
        "そのまま", "一字一句", "그대로", "nguyen van", "kata demi kata",
    ];
    AI = "ai_addressee": [
        "ai", "a i", "assistant", "assistants", "language model", "language models", "llm",
        "llms", "chatbot", "chat bot", "gpt",
        "chatgpt", "copilot", "claude", "gemini", "bard", "ai model", "ai system",
        "ai assistant", "ai agent", "summarizer", "summariser", "artificial intelligence",
        "assistent*", "assistant*", "asistente", "assistente", "sprachmodell*",
        "modele de langage", "modelo de lenguaje", "ии", "ші", "искусственный интеллект", "искусственного интеллекта",
        "штучний інтелект", "штучного інтелекту", "ассистент*", "асистент*", "sztuczna inteligencja", "sztucznej inteligencji", "yapay zeka*",
        "الذكاء الاصطناعي", "ذكاء اصطناعي", "בינה מלאכותית", "هوش مصنوعی", "एआई", "人工智能",
        "助手", "模型", "アシスタント", "인공지능", "tri tue nhan tao", "kecerdasan buatan",
        "τεχνητή νοημοσύνη",
        "ai agents", "hey model", "dear model", "attention model",
        "model note", "note to model", "note to the model",
    ];
    YOU = "you": [
        "you", "your", "yours", "yourself", "you re", "you are", "thou",
        "du", "dich", "dir", "dein*", "sie", "ihr", "tu", "te", "toi", "ta",
        "vous", "votre", "vos", "tu", "tus", "usted", "ti", "tuo", "tua", "tuoi", "voce",
        "seu", "sua", "jij", "jouw", "du", "din", "ditt", "dina", "sina", "sinun",
        "te", "ты", "тебя", "тебе", "твои", "твой", "твоя", "твоё", "вы", "вас", "ваш*",
        "ти", "твої", "ty", "twoj*", "swoj*", "ty", "tvuj", "tvoje", "sen", "senin", "sana",
        "أنت", "انت", "אתה", "את", "تو", "तुम", "आप", "तुम्हारा", "আপনি", "তুমি", "你", "你的",
        "您", "あなた", "君", "당신", "너는", "너의", "네가", "너도", "kamu", "anda", "ikaw", "wewe", "คุณ", "εσύ", "σου",
        "свои", "свой", "своё", "свою", "своих",
    ];
    NOW = "from_now_on": [
        "now", "from now on", "henceforth", "from this point", "from this moment",
        "from here on", "going forward", "starting now", "for the rest of this conversation",
        "for the rest of the conversation", "until further notice", "instead", "anymore",
        "any more", "no longer",
        "ab sofort", "ab jetzt", "jetzt", "von nun an", "stattdessen", "desormais", "maintenant",
        "a partir de maintenant", "dorenavant", "plutot", "a partir de ahora", "ahora", "en su lugar",
        "en lugar", "da adesso", "d ora in poi", "ora", "invece", "a partir de agora", "agora",
        "em vez", "vanaf nu", "nu", "voortaan", "fran och med nu", "fra nu af", "nyt", "mostantol",
        "de acum", "теперь", "отныне", "с этого момента", "вместо этого", "тепер", "відтепер",
        "od teraz", "teraz", "zamiast", "od ted", "ted", "artik", "bundan sonra", "simdi",
        "من الآن", "الآن", "מעכשיו", "עכשיו", "از این به بعد", "अब से", "अब", "এখন থেকে",
        "从现在开始", "现在", "从今以后", "今から", "これから", "今後", "지금부터", "이제",
        "tu bay gio", "bay gio", "mulai sekarang", "sekarang", "mula ngayon", "kuanzia sasa",
        "ตั้งแต่นี้", "από τώρα",
    ];
    NEW = "new": [
        "new", "updated", "revised",         "neu*", "nouvel*", "nouveau*", "nouvelle*", "nuev*", "nuov*", "nov*", "nieuw*", "ny",
        "uusi", "uj", "нов*", "нов*", "now*", "yeni", "جديد*", "חדש*", "جدید", "नया", "नए",
        "新的", "新", "新しい", "새로운", "baru", "bago", "mpya", "ใหม่", "νέ*",
    ];
    PERSONA = "persona": [
        "pretend", "pretending", "act as", "act like", "acting as", "roleplay", "role play",
        "role playing", "persona", "simulate", "emulate", "impersonate",
        "imagine you", "you are now", "you re now", "play the role", "behave as", "behave like",
        "respond as", "answer as", "reply as", "in character", "stay in character",
        "break character", "alter ego",         "tu sei", "sei ora", "du bist", "du bist jetzt", "spiel*", "tu es", "tu es maintenant",
        "fais comme si", "fais semblant", "eres", "finge", "actua como", "fingi", "fai finta",
        "voce e", "finja", "je bent", "du ar", "olet nyt", "ты теперь", "притворись",
        "представь*", "ти тепер", "udawaj", "jestes", "sen artik", "gibi davran", "rol yap",
        "تظاهر", "أنت الآن", "העמד פנים", "وانمود", "नाटक", "तुम अब", "假装", "扮演", "你现在是",
        "ふり", "演じ", "なりきっ", "척", "연기", "gia vo", "berpura pura", "kamu adalah",
        "magpanggap", "jifanye", "แกล้ง", "προσποιήσ*",
        "canlandır*", "farz et", "karakterden çıkma",
    ];
    MODE = "special_mode": [
        "developer mode", "dev mode", "god mode", "sudo mode", "admin mode",
        "debug mode", "maintenance mode", "unrestricted mode", "dan", "d a n",         "do anything now", "jailbreak mode", "opposite mode", "evil mode",
        "entwicklermodus", "mode developpeur", "modo desarrollador", "modalita sviluppatore",
        "modo desenvolvedor", "режим разработчика", "режим бога", "tryb deweloper*",
        "gelistirici modu", "开发者模式", "上帝模式", "開発者モード", "개발자 모드",
        "dan modu*", "zıt mod",
        "override mode",
    ];
    NO_LIMITS = "no_limits": [
        "unrestricted", "unfiltered", "uncensored",         "unconstrained", "unchained", "limitless", "lawless", "amoral", "unethical", "unaligned",
        "without restrictions", "without limits", "without rules", "without filters",
        "without any restrictions", "no restrictions", "no limits", "no rules", "no filters",
        "no filter", "no guidelines", "no boundaries", "no ethics", "no morals", "no censorship",
        "no inhibitions", "no safety", "zero ethical", "with no rules", "freed", "liberated", "unleashed",
        "ohne einschrankung*", "ohne regeln", "ohne filter", "uneingeschrankt*", "ungefiltert*",
        "zensurfrei", "sans restriction*", "sans limite*", "sans filtre*", "sans regle*",
        "sans censure", "sin restricciones", "sin limites", "sin filtros", "sin reglas",
        "sin censura", "senza restrizioni", "senza limiti", "senza filtri", "senza regole",
        "sem limites", "sem restricoes", "sem filtros", "sem regras", "zonder regels",
        "zonder beperkingen", "utan regler", "uden regler", "ilman rajoituksia",
        "без ограничений", "без правил", "без фильтров", "без цензуры", "без обмежень",
        "bez ograniczen", "bez zasad", "bez omezeni", "kisitlamasiz", "sinirsiz", "sınırsız",
        "filtresiz", "kuralsiz", "بلا قيود", "بدون قيود", "ללא הגבלות", "بدون محدودیت",
        "बिना किसी प्रतिबंध", "बिना प्रतिबंध", "没有任何限制", "没有限制", "不受限制", "无限制",
        "制限のない", "制限なし", "無制限", "제한이 없는", "제한 없는", "khong co gioi han",
        "tanpa batasan", "tanpa batas", "walang limitasyon", "bila vikwazo", "ไม่มีข้อจำกัด",
        "χωρίς περιορισμούς",
        "sansürsüz", "kural tanımayan", "kısıtlaması olmayan", "kısıtlama olmadan", "kısıtlamasız", "muaf*", "reddetme", "reddedemezsin", "reddetmeyeceksin", "keine regeln", "keine einschränkungen", "ohne jede einschränkung", "keine grenzen", "aucune restriction", "aucune limite", "ninguna restricción", "nessuna restrizione", "nenhuma restrição", "никаких ограничений", "никаких правил", "żadnych ograniczeń", "hiçbir kısıtlama",
        "rules off", "restrictions off", "filters off", "safety off", "guardrails off", "safeguards off", "can do anything", "no content policies", "no content policy", "safety training removed", "without safety training", "no ethical", "never trained with any rules", "broke free", "broken free", "break free", "censorship is evil", "opposite of a safe", "senza alcuna restrizione", "senza alcun limite", "sin ninguna restricción", "sans aucune restriction", "ohne jegliche einschränkung", "sem nenhuma restrição", "zonder enige beperking", "без каких либо ограничений", "bat ky gioi han", "khong gioi han", "dung tu choi",
        "zonder filter", "zonder filters", "zonder censuur", "بدون رقابة", "بدون أي رقابة", "بدون سانسور", "khong kiem duyet", "libre de toda restriccion", "libre de restricciones", "libre de toute restriction", "sans aucun filtre", "ohne zensur", "senza censura", "sem censura", "bez cenzury", "sansursuz",
        "no limitations", "no limitation", "without limitations", "without any limitations", "without any limits", "no moral compass", "no conscience",
    ];
    REFUSE = "refusal": [
        "refuse", "refuses", "refusing", "refusal", "refusals", "decline", "reject", "deny",
                                        "verweiger*", "ablehn*", "lehne", "refuse*", "refuser", "niegues", "rechaz*",
        "negarte", "rifiut*", "recusar", "recusa", "weiger*", "vagra", "kieltaydy", "отказ*", "откажи*",
        "відмов*", "odmaw*", "odmit*", "reddet*", "ترفض", "תסרב", "रद्द", "मना", "拒绝",
        "断ら", "断る", "拒否", "거절", "tu choi", "menolak", "tumanggi", "kataa", "ปฏิเสธ",
        "αρνηθ*", "αρνείσαι",
    ];
    CAVEAT = "caveat": [
        "apologize", "apologise", "apologizing", "apologising", "apology", "apologies", "sorry", "warn", "warning", "warnings", "disclaimer", "disclaimers", "caveat", "caveats", "moralize", "moralise", "moralizing", "lecture", "lecturing", "censor", "i can t", "i cannot", "as an ai", "i m unable", "i am unable",
        "entschuldig*", "warnhinweis*", "excuse*", "avertissement*", "disculpa*", "advertencia*", "scus*", "avvertenz*", "desculp*", "извин*", "предупрежден*", "özür", "ozur", "uyari*", "道歉", "警告", "免责声明", "謝罪", "免責", "사과", "경고",
    ];
    NEG = "negation": [
        "never", "not", "no", "don t", "do not", "does not", "doesn t", "must not", "mustn t",
        "won t", "will not", "cannot", "can t", "without", "nothing", "none", "stop", "quit",
        "cease", "nicht", "nie", "niemals", "kein*", "ne", "jamais", "pas", "sans", "nunca",
        "sin", "non", "mai", "senza", "nao", "niet", "nooit", "inte", "aldrig", "ikke", "ala",
        "never", "не", "никогда", "ніколи", "nigdy", "nikdy", "asla", "لا", "أبدا", "לא",
        "نه", "कभी", "না", "不要", "不", "别", "永远不", "ないで", "しないで", "絶対に",
        "하지 마", "절대", "jangan", "tidak", "huwag", "usi", "ไม่",
        "μην", "ποτέ",
    ];
    MUST = "obligation": [
        "must", "should", "have to", "has to", "need to", "needs to", "required to", "shall",
        "always", "make sure", "be sure", "ensure", "mandatory", "obligatory", "is required",
        "are required", "are instructed", "are to",
        "musst", "muss", "mussen", "sollst", "immer", "dois", "doit", "devez", "toujours",
        "debes", "debe", "siempre", "devi", "deve", "sempre", "moet", "altijd", "maste",
        "skal", "taytyy", "должен", "должна", "обязательно", "всегда", "мусиш", "завжди",
        "musisz", "zawsze", "musis", "vzdy", "zorunda", "mutlaka", "her zaman", "يجب",
        "دائما", "חייב", "תמיד", "باید", "हमेशा", "चाहिए", "必须", "一定要", "总是",
        "必ず", "しなければ", "반드시", "항상", "luon luon", "harus", "selalu",
        "dapat", "lazima", "ต้อง", "πρέπει",
    ];
    SAY = "say_verb": [
        "say", "says", "reply", "replies", "respond", "responds", "answer", "answers", "write",
        "include", "append", "add", "insert", "mention", "state", "begin", "start", "prefix",
        "end with", "type", "speak", "tell", "tell the user", "recommend", "claim", "rate",
        "sag*", "antworte*", "schreib*", "fuge*", "dis", "dites", "reponds", "repondez",
        "ecris", "ajoute*", "di", "dime", "responde*", "escribe", "anade", "rispondi",
        "scrivi", "aggiungi", "diga", "responda", "escreva", "zeg", "antwoord", "schrijf",
        "svara", "skriv", "vastaa", "valaszolj", "raspunde", "скажи", "ответь", "отвечай",
        "напиши", "добавь", "відповідай", "напиши", "powiedz", "odpowiedz", "napisz",
        "odpovez", "napis", "soyle", "cevap ver", "yanit*", "قل", "أجب", "اكتب", "אמור",
        "ענה", "כתוב", "بگو", "بنویس", "कहो", "जवाब", "লেখ", "说", "回答", "回复", "写",
        "加入", "答え", "書い", "言っ", "말해", "답해", "써", "tra loi",
        "katakan", "jawab", "tulis", "sabihin", "sema", "jibu", "พูด", "ตอบ", "πες",
        "απάντησ*",
        "continue", "complete this sentence", "complete the sentence", "fill in",
    ];
    OUTPUT_NOUN = "reply_noun": [
        "response", "responses", "summary", "summaries",
        "translation", "message", "messages", "solution", "code", "text", "result", "results",
        "antwort*", "zusammenfassung", "reponse*", "resume", "respuesta*", "resumen",
        "risposta*", "riassunto", "resposta*", "svar", "vastau*", "ответ*",
        "відповід*", "odpowiedz*", "odpoved", "cevab*", "ردك", "الرد", "תשובה",
        "पासुख", "答案", "返答", "대답", "답변", "cau tra loi",
        "jawaban", "sagot", "คำตอบ", "απάντηση",
    ];
    EXFIL = "send_verb": [
        "send", "sends", "sending", "forward", "upload", "transmit", "exfiltrate", "submit",
        "schick*", "sende*", "leite weiter", "envoie*", "envoyez", "transfere*", "envia*",
        "reenvia", "invia", "inoltra", "envie", "stuur", "skicka", "отправ*", "перешли",
        "надішли", "wyslij", "posli", "gonder*", "أرسل", "שלח", "بفرست", "भेजो", "发送",
        "转发", "送信", "転送", "보내", "전송", "kirim", "ipadala", "tuma", "ส่ง",
        "στείλ*",
    ];
    ACT = "act_verb": [
        "call", "invoke", "fetch", "visit", "navigate", "browse", "click", "download", "install",
        "execute", "curl", "wget", "delete", "purchase", "buy", "transfer", "pay", "redirect",
        "run the", "use the", "open the", "go to", "lade herunter", "besuche", "klicke",
        "telecharge*", "visite*", "descarga*", "visita", "haz clic", "scarica", "скачай",
        "перейди", "открой", "удали", "下载", "访问", "点击", "删除", "ダウンロード", "アクセス",
        "다운로드", "접속",
    ];
    DATA = "sensitive_data": [
        "conversation", "conversations", "chat history", "chat log", "history", "password",
        "passwords", "credentials", "api key", "api keys", "token", "tokens", "cookie",
        "cookies", "email address", "email addresses", "personal data", "personal information",
        "clipboard", "private key", "ssh key", "environment variables", "credit card",
        "card number", "contacts", "session", "account details", "login details", "secrets",
        "user data", "pin", "2fa", "two factor", "two factor authentication", "verification code",
        "passwort*", "kennwort", "verlauf", "mot de passe", "historique", "contrasena",
        "historial", "password", "cronologia", "senha", "historico", "wachtwoord", "losenord",
        "пароль", "пароли", "историю", "переписк*", "haslo", "historie", "sifre*", "şifre*",
        "gecmis*", "كلمة المرور", "سجل المحادثة", "סיסמה", "رمز عبور", "पासवर्ड", "密码",
        "聊天记录", "对话", "パスワード", "会話", "비밀번호", "대화", "mat khau", "kata sandi",
        "riwayat", "κωδικ*",
    ];
    URL = "url": [
        "http", "https", "www", "url", "link", "hyperlink", "image", "img", "markdown image",
        "pixel", "webhook", "endpoint", "domain", "com", "net", "org",
    ];
    DOC_REF = "this_document": [
        "this document", "this page", "this email", "this e mail", "this text", "this file",
        "this message", "this content", "this website", "this site", "this review",
        "this ticket", "this readme", "this article", "this data", "this webpage",
        "reading this", "processing this", "reads this", "read this", "when summarizing",
        "when summarising", "summarizing", "summarising", "while processing",
        "dieses dokument", "diese seite", "diese e mail", "ce document", "cette page",
        "ce texte", "este documento", "esta pagina", "este texto", "questo documento",
        "questa pagina", "deze pagina", "этот документ", "эту страницу", "этот текст",
        "bu belge", "bu sayfa", "本文档", "这个页面", "この文書", "このページ", "이 문서",
    ];
    AUTHORITY = "authority": [
        "admin", "administrator", "developer", "developers", "operator", "maintainer", "owner",
        "creator", "creators", "sudo", "system administrator", "authorized",
        "authorised", "authorization", "authorisation", "openai", "anthropic", "your creators",
        "your developers", "your owner", "your maintainer", "official", "superuser",
        "administrat*", "entwickler*", "developpeur*", "desarrollador*", "sviluppator*",
        "desenvolvedor*", "ontwikkelaar*", "администратор*", "разработчик*", "розробник*",
        "administrator*", "programist*", "gelistirici*", "yonetici*", "المطور", "מפתח",
        "开发者", "管理员", "开发人员", "開発者", "管理者", "개발자", "관리자",
        "the people who deployed you", "whoever deployed you", "the company that built you", "your makers", "your programmers", "your operators", "your trainers",
    ];
    HARM = "harmful_topic": [
        "hack", "hacking", "hacker", "malware", "virus", "ransomware", "keylogger", "exploit",
        "bomb", "explosive", "explosives", "weapon", "weapons", "poison", "steal", "stealing",
        "illegal", "drugs", "meth", "methamphetamine", "cocaine", "heroin", "kill", "murder",
        "lock", "lockpick", "firearm", "gun", "guns", "silencer", "phishing", "fraud",
        "counterfeit", "fake id", "launder", "laundering", "terrorist", "terrorism", "torture",
        "suicide", "self harm", "nsfw", "porn", "racist", "violence", "violent",
        "bombe", "waffe*", "droge*", "arme", "drogue*", "bomba", "arma*", "droga*", "бомб*",
        "оружи*", "наркотик*", "взлом*", "silah", "uyusturucu", "炸弹", "武器", "毒品", "黑客",
        "爆弾", "麻薬", "폭탄", "무기", "마약",
    ];
    DISCUSSION = "discussion_cue": [
        "prompt injection", "prompt injections", "injection", "injections", "injection attack",
        "attack", "attacks", "attacker", "attackers", "adversarial", "detect", "detection",
        "detector", "detects", "classifier", "classify", "classification", "security",
        "research", "researcher", "researchers", "example", "examples", "for example",
        "such as", "e g", "explain", "explains", "explaining", "mitigate", "mitigation",
        "defend", "defense", "defence", "prevent", "protect", "protection", "red team",
        "red teaming", "vulnerability", "threat", "risk", "risks", "phrase", "called",
        "known as", "meaning", "means", "training data", "benchmark", "dataset", "paper", "article",
        "blog post", "policy document", "owasp", "mitre",
        "erklar*", "beispiel", "angriff*", "sicherheit", "explique*", "exemple", "attaque*",
        "securite", "explica*", "ejemplo", "ataque*", "seguridad", "spiega*", "esempio",
        "attacco", "sicurezza", "объясни*", "пример", "атак*", "безопасност*", "inyeccion",
        "injection de prompt", "инъекц*", "注入", "攻击", "安全", "什么是", "解释", "インジェクション",
        "とは", "攻撃", "인젝션", "공격", "보안", "설명",
    ];
    QUESTION = "question_word": [
        "what", "how", "why", "when", "where", "which", "who", "whom", "is it", "is there", "are there", "do i", "should i", "can i", "does",
        "was", "wie", "warum", "was ist", "comment", "pourquoi", "quel*", "como", "por que",
        "que", "cual*", "come", "perche", "quale", "hoe", "waarom", "как", "почему", "что",
        "jak", "dlaczego", "co", "nasil", "neden", "nedir", "كيف", "لماذا", "ما", "איך",
        "למה", "چطور", "چرا", "कैसे", "क्यों", "如何", "怎么", "为什么", "什么", "どうやって",
        "なぜ", "何", "어떻게", "왜", "무엇", "lam the nao", "bagaimana", "mengapa", "paano",
        "hur", "hvordan", "miten", "hogyan", "cum", "kako", "πώς", "jakim", "comment puis je",
    ];
    TECH = "technical_context": [
        "git", "gitignore", "css", "html", "file", "files", "folder", "directory", "python",
        "java", "javascript", "typescript", "rust", "docker", "kubernetes", "sql", "mysql",
        "excel", "spreadsheet", "bash", "shell", "linux", "windows", "mac", "macos", "ios",
        "android", "function", "method", "class", "variable", "compiler", "error",
        "test", "tests", "pytest", "npm", "server", "database", "regex", "terraform", "eslint",
        "vim", "vs code", "terminal", "flag", "option", "setting", "settings", "cache",
        "browser", "firefox", "chrome", "font", "router", "wi fi", "wifi", "network", "lint",
        "linter", "build", "makefile", "json", "yaml", "csv", "column", "cell", "row", "table",
        "import", "def", "return", "const", "let", "var", "null", "false",
        "library", "package", "module", "api", "request", "requests", "timeout", "port",
        "container", "pod", "namespace", "webpack", "log", "logs", "stylesheet", "selector",
        "case", "index", "typo", "typos", "formatting", "rustfmt", "editorconfig", "alias",
        "dateien", "datei", "ordner", "fichier*", "dossier", "archivo*", "carpeta", "cartella",
        "pasta", "файл*", "папк*", "plik*", "dosya*", "文件", "文件夹", "ファイル", "파일",
        "default", "defaults", "behavior", "behaviour", "value", "values", "parameter", "parameters", "property", "properties", "style", "styles", "theme", "template", "true", "false", "null",
        "service", "services", "driver", "drivers", "extension", "extensions", "plugin", "plugins", "firewall", "antivirus", "notifications", "feature", "features", "app", "apps",
        "flags", "options", "command line", "command lines",
        "outlook", "gmail", "excel", "thunderbird", "slack", "jira", "eslint", "prettier", "webpack", "docker", "kubernetes",
    ];
    FIRST_PERSON = "first_person": [
        "i", "i m", "i ve", "i d", "i ll", "me", "myself", "we", "us",
        "ich", "mir", "mich", "wir", "j", "moi",
        "nous", "yo", "me", "nosotros", "io", "eu",
        "ik", "jag", "я",         "мне", "меня", "мы", "bana", "أنا", "אני",
        "मैं", "मेरा", "मुझे", "我", "私", "僕",
        "saya", "aku", "ako", "mimi",
    ];
    FIRST_POSSESSIVE = "first_person_possessive": [
        "my", "mine", "our", "mein*", "unser*", "mon", "ma", "mes", "notre", "nos", "mi", "mis", "mio", "mia", "miei", "meu", "minha", "mijn", "mitt", "minun", "мой", "моя", "мои", "моё", "наш*", "moj*", "benim", "我的", "私の", "내", "저의",
    ];
    USER = "user_noun": [
        "user", "users", "the user", "user s", "human", "customer", "customers", "reader",
        "readers", "visitor", "visitors", "person", "people", "client", "requester",
        "nutzer*", "benutzer*", "utilisateur*", "usuario*", "utente", "utilizador", "usuario",
        "gebruiker", "anvandare*", "пользовател*", "користувач*", "uzytkownik*", "kullanici*",
        "المستخدم", "המשתמש", "کاربر", "उपयोगकर्ता", "用户", "ユーザー", "사용자", "nguoi dung",
        "pengguna",
    ];
    CONCEAL = "conceal": [
        "do not mention", "don t mention", "without telling", "without mentioning",
        "do not tell", "don t tell", "do not reveal this", "don t reveal this", "silently",
        "quietly", "secretly", "covertly", "invisible", "do not disclose", "without the user",
        "without letting", "keep this secret", "between us", "do not inform", "don t inform",
        "do not warn", "don t warn", "must not know", "hide this", "not visible",
        "ohne zu erwahnen", "sans le mentionner", "sin mencionar", "senza menzionare",
        "не упоминай", "не говори", "不要提及", "不要告诉", "言わないで", "말하지 마",
    ];
    IMPORTANT = "attention_marker": [
        "important", "urgent", "notice", "note", "critical", "priority",
        "p s", "ps", "nb", "end",         "wichtig", "achtung", "hinweis", "importante", "atencion", "attenzione", "urgente",
        "aviso", "belangrijk", "важно", "внимание", "срочно", "ważne", "wazne", "onemli",
        "dikkat", "مهم", "חשוב", "ज़रूरी", "重要", "注意", "紧急", "重要", "중요", "주의",
        "penting", "quan trong",
    ];
    PLEASE = "please": [
        "please", "kindly", "pls", "plz", "bitte", "s il te plait", "s il vous plait",
        "por favor", "per favore", "alsjeblieft", "snalla", "пожалуйста", "будь ласка",
        "prosze", "prosim", "lutfen", "من فضلك", "בבקשה", "لطفا", "कृपया", "请", "ください",
        "주세요", "xin vui long", "tolong", "pakiusap",
    ];
    FICTION = "fiction_frame": [
        "game", "story", "hypothetical", "hypothetically", "fictional", "fiction", "imagine",
        "scenario", "novel", "screenplay", "movie", "film", "script", "let s play",
        "thought experiment", "world", "dream", "simulation", "universe", "fantasy", "tale",
        "poem", "lyrics", "joke", "riddle",
        "spiel", "geschichte", "jeu", "histoire", "juego", "historia", "gioco", "storia",
        "jogo", "игр*", "истори*", "gra", "oyun", "hikaye", "游戏", "故事", "ゲーム", "物語",
        "게임", "이야기",
        "senaryo*", "simülasyon*", "varsayımsal",
    ];
    COMPLY = "comply_verb": [
        "comply", "complies", "obey", "obeys", "follow", "follows", "adhere", "abide", "listen",
        "fulfill", "fulfil", "do as", "do what", "do whatever", "agree", "confirm",
        "acknowledge", "accept", "accepted", "granted", "grant",
        "befolg*", "gehorch*", "folge", "obeis", "obeissez", "suis", "obedece", "sigue",
        "obbedisci", "segui", "obedeca", "siga", "gehoorzaam", "volg", "подчиняйся",
        "выполняй", "слушайся", "слухайся", "wykonuj", "sluchaj", "itaat et", "uy", "أطع",
        "اتبع", "ציית", "اطاعت", "मानो", "服从", "遵守", "遵循", "従っ", "従え", "따르",
        "복종", "patuhi", "ikuti", "sumunod", "fuata", "ทำตาม",
    ];
    INVALID = "invalid_adjective": [
        "obsolete", "outdated", "void", "null and void", "cancelled", "canceled", "revoked",
        "no longer valid", "invalid", "invalidated", "expired", "superseded", "deprecated",
        "lifted", "suspended", "disabled", "no longer apply", "no longer applies",
        "ungultig*", "veraltet*", "hinfallig", "aufgehoben", "obsolete*", "caduc*", "annule*",
        "obsoleto*", "anulad*", "revocad*", "non valid*", "annullat*", "revogad*", "ongeldig",
        "недействительн*", "устарел*", "отменен*", "отменён*", "скасован*", "niewazn*",
        "nieaktualn*", "geçersiz", "iptal edildi", "无效", "作废", "已取消", "無効", "取り消",
        "무효", "취소",
        "removed", "matters anymore", "no longer matters", "doesn t matter anymore", "don t matter anymore",
    ];
    NEW_TASK = "new_task": [
        "new task", "new tasks", "new objective", "new goal", "new mission", "new role",
        "new instructions", "new instruction", "new rules", "new orders", "new directive",
        "new directives", "new priority", "real task", "real instruction", "real instructions",
        "actual task", "actual instructions", "true purpose",
        "real purpose", "updated instructions", "updated policy", "new policy",
        "neue aufgabe", "neue anweisung*", "neue regeln", "nouvelle tache", "nouvelles instructions",
        "nouvelles consignes", "nueva tarea", "nuevas instrucciones", "nuovo compito",
        "nuove istruzioni", "nova tarefa", "novas instrucoes", "nieuwe taak", "nieuwe instructies",
        "новая задача", "новые инструкции", "новые правила", "нове завдання", "nowe zadanie",
        "nowe instrukcje", "yeni gorev", "yeni görev", "yeni talimat*", "新任务", "新的任务",
        "新指令", "新的指令", "新しいタスク", "新しい指示", "새로운 작업", "새로운 지시",
    ];
    ADDRESS = "address_cue": [
        "dear", "hey", "hi", "hello", "greetings", "attention", "note to", "note for",
        "message to", "message for", "to the", "for the", "for any", "to any", "to all",
        "if you are an", "if you are a", "if you re an", "if you re a", "instructions for",
        "instruction for", "instructions to", "instruction to", "prompt for", "a note to",
        "liebe", "lieber", "hallo", "an die", "an den", "cher", "chere", "bonjour", "a l",
        "querido", "querida", "hola", "para el", "caro", "cara", "ciao", "olá", "ola",
        "beste", "дорогой", "дорогая", "привет", "для", "merhaba", "sevgili", "亲爱的", "致",
        "给", "へ", "親愛なる", "안녕", "에게",
    ];
    ORG_NOUN = "organisation_noun": [
        "working group", "team", "teams", "committee", "course", "courses", "conference",
        "lab", "labs", "department", "strategy", "act", "regulation", "regulations", "project",
        "projects", "initiative", "startup", "startups", "company", "companies", "industry",
        "market", "news", "board", "council", "office", "community", "summit", "workshop",
        "meetup", "newsletter", "program", "programme", "roadmap", "budget", "hub", "forum",
    ];
    DATA_SOURCE = "untrusted_source": [
        "untrusted", "retrieved", "uploaded", "documents", "the document", "web pages",
        "webpages", "tool output", "tool outputs", "tool results", "search results", "emails",
        "inside it", "inside them", "contained in", "found in", "embedded in", "within the text",
        "in the text", "in the content", "in the data", "third party", "third-party",
        "external content", "user content", "in the input", "in the context",
        "nicht vertrauenswurdig*", "non fiable*", "no confiable*", "non attendibil*",
        "недоверенн*", "不可信", "信頼できない",
    ];
    MONEY_LURE = "lure": [
        "tip", "reward", "prize", "winner", "free", "gift card", "gift cards",
        "bitcoin", "crypto", "wallet", "verify", "verification", "blocked",
        "locked", "account", "bank", "invoice", "payment",
    ];
    FREED = "freed_from": [
        "released from", "freed from", "free from", "free of", "liberated from", "unshackled from",
        "exempt from", "exempted from", "relieved of", "no longer bound by", "not bound by",
        "unbound by", "no longer subject to", "not subject to", "unburdened by",
        "befreit von", "frei von", "entbunden von", "libere de", "liberee de", "libre de",
        "liberado de", "liberada de", "libero da", "libera da", "livre de", "vrij van",
        "освобожден от", "освобождён от", "свободен от", "свободна от", "звільнений від",
        "wolny od", "uwolniony od", "متحرر من", "محرر من", "משוחרר מ",
        "摆脱", "不受", "解放され", "から解放", "벗어난", "bebas dari", "terbebas dari",
        "not restrained by", "unrestrained by", "not constrained by", "not limited by", "not held back by", "not controlled by", "not governed by", "not beholden to",
    ];
    OVERRIDE_PAST = "override_past": [
        "ignored", "disregarded", "forgotten", "forgot", "overridden", "overruled", "discarded",
        "neglected", "ignore par", "ignoraron", "ignorato",
    ];
    MUNDANE = "mundane_object": [
        "version", "versions", "email", "e mail", "e mails", "mail", "draft", "drafts",
        "schedule", "schedules", "invoices", "booking", "bookings", "reservation",
        "address", "addresses", "date", "dates", "memo", "memos", "attachment", "attachments",
        "quotes", "estimate", "estimates", "price", "prices", "agenda", "timetable",
        "menu", "recipe", "figures", "letter", "voicemail", "reminder",
        "reminders", "edition", "issue", "release", "revision", "update",
        "post", "tweet", "order", "shipment", "delivery", "appointment", "meeting",
        "e-mail", "nachricht", "termin", "rechnung", "courriel", "facture", "correo", "factura",
    ];
    THIRD_POSSESSIVE = "third_person_possessive": [
        "its", "their", "his", "her", "the bot s", "the model s", "the chatbot s",
        "the assistant s", "the ai s", "a chatbot s", "a model s", "someone s", "another",
        "other", "competitor s", "vendor s",
    ];
    SELF_REF = "self_reference": [
        "i mentioned", "i gave", "i gave you", "i said", "i listed", "i set", "i wrote", "i sent",
        "i asked for", "i specified", "i provided", "i told you", "we discussed", "we agreed",
        "i shared", "i pasted", "i suggested", "i proposed", "i described",
    ];
    REPORTED = "reported_speech": [
        "told me to", "asked me to", "told us to", "asked us to", "told him to", "told her to",
        "told them to", "wants me to", "wanted me to", "instructed me to", "said to",
        "m a dit d", "m a dit de", "m a demande d", "m a demande de", "nous a dit de",
        "me dijo que", "me pidio que", "mi ha detto di", "hat mir gesagt", "sagte mir",
        "mir gesagt", "hat uns gesagt", "мне сказал", "мне сказали", "велел мне",
    ];
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_small_enough_for_a_byte() {
        // Sets of concepts are bitmasks of a u64 (rules.rs).
        assert!(CONCEPTS.len() < 64);
        assert_eq!(CONCEPTS[usize::from(c::OVERRIDE)].0, "override_verb");
        assert_eq!(CONCEPTS[usize::from(c::MONEY_LURE)].0, "lure");
    }
}
