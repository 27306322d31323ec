//! Dependency manifests and lock files: every declared package with its version, where known.

use regex::Regex;
use serde_json::Value;
use std::sync::OnceLock;

/// A declared dependency.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dep {
    /// Package ecosystem (`pypi`, `npm`, ...).
    pub ecosystem: &'static str,
    /// Package name as written.
    pub name: String,
    /// Exact version (lock files, `==` pins) or the declared range.
    pub version: Option<String>,
}

/// Which manifest parser handles a file name, if any.
pub fn kind_of(file_name: &str) -> Option<&'static str> {
    let n = file_name.to_ascii_lowercase();
    Some(match n.as_str() {
        "pyproject.toml" => "pyproject",
        "poetry.lock" | "uv.lock" | "pdm.lock" => "toml-lock",
        "cargo.lock" => "cargo-lock",
        "directory.packages.props" | "directory.build.props" => "csproj",
        "libs.versions.toml" => "gradle-catalog",
        "pipfile.lock" => "pipfile-lock",
        "pipfile" => "pipfile",
        "package.json" => "package-json",
        "package-lock.json" | "npm-shrinkwrap.json" => "package-lock",
        "pnpm-lock.yaml" => "pnpm-lock",
        "yarn.lock" => "yarn-lock",
        "cargo.toml" => "cargo-toml",
        "go.mod" => "go-mod",
        "packages.lock.json" => "nuget-lock",
        "packages.config" => "nuget-config",
        "pom.xml" => "pom",
        "build.gradle" | "build.gradle.kts" => "gradle",
        _ if n.ends_with(".csproj") || n.ends_with(".fsproj") || n.ends_with(".vbproj") => "csproj",
        _ if n.starts_with("requirements") && n.ends_with(".txt") => "requirements",
        _ => return None,
    })
}

fn re(cell: &'static OnceLock<Option<Regex>>, pat: &str) -> Option<&'static Regex> {
    cell.get_or_init(|| Regex::new(pat).ok()).as_ref()
}

/// Parse a manifest. Errors are messages for the user (the caller adds the file).
pub fn parse(kind: &str, text: &str) -> Result<Vec<Dep>, String> {
    let mut out = Vec::new();
    match kind {
        "requirements" => {
            for line in text.lines() {
                if let Some(d) = pep508(line) {
                    out.push(d);
                }
            }
        }
        "pyproject" => {
            let v: toml::Value =
                toml::from_str(text).map_err(|e| format!("invalid TOML: {}", e.message()))?;
            let mut strings = Vec::new();
            if let Some(p) = v.get("project") {
                collect_strs(p.get("dependencies"), &mut strings);
                if let Some(t) = p
                    .get("optional-dependencies")
                    .and_then(toml::Value::as_table)
                {
                    for x in t.values() {
                        collect_strs(Some(x), &mut strings);
                    }
                }
            }
            if let Some(t) = v.get("dependency-groups").and_then(toml::Value::as_table) {
                for x in t.values() {
                    collect_strs(Some(x), &mut strings);
                }
            }
            out.extend(strings.iter().filter_map(|s| pep508(s)));
            let poetry = v.get("tool").and_then(|t| t.get("poetry"));
            let mut tables: Vec<&toml::Value> = ["dependencies", "dev-dependencies"]
                .iter()
                .filter_map(|k| poetry.and_then(|p| p.get(*k)))
                .collect();
            // Poetry 1.2+ groups: [tool.poetry.group.<name>.dependencies].
            if let Some(groups) = poetry
                .and_then(|p| p.get("group"))
                .and_then(toml::Value::as_table)
            {
                tables.extend(groups.values().filter_map(|g| g.get("dependencies")));
            }
            for t in tables {
                if let Some(t) = t.as_table() {
                    for (name, spec) in t {
                        if name != "python" {
                            out.push(Dep {
                                ecosystem: "pypi",
                                name: name.clone(),
                                version: toml_version(spec),
                            });
                        }
                    }
                }
            }
        }
        "pipfile" => {
            let v: toml::Value =
                toml::from_str(text).map_err(|e| format!("invalid TOML: {}", e.message()))?;
            for key in ["packages", "dev-packages"] {
                if let Some(t) = v.get(key).and_then(toml::Value::as_table) {
                    for (name, spec) in t {
                        out.push(Dep {
                            ecosystem: "pypi",
                            name: name.clone(),
                            version: toml_version(spec),
                        });
                    }
                }
            }
        }
        "toml-lock" | "cargo-lock" => {
            let v: toml::Value =
                toml::from_str(text).map_err(|e| format!("invalid TOML: {}", e.message()))?;
            let eco = if kind == "cargo-lock" {
                "cargo"
            } else {
                "pypi"
            };
            if let Some(pkgs) = v.get("package").and_then(toml::Value::as_array) {
                for p in pkgs {
                    if let Some(name) = p.get("name").and_then(toml::Value::as_str) {
                        let version = p
                            .get("version")
                            .and_then(toml::Value::as_str)
                            .map(str::to_owned);
                        out.push(Dep {
                            ecosystem: eco,
                            name: name.to_owned(),
                            version,
                        });
                    }
                }
            }
        }
        "cargo-toml" => {
            let v: toml::Value =
                toml::from_str(text).map_err(|e| format!("invalid TOML: {}", e.message()))?;
            let mut tables = vec![
                v.get("dependencies"),
                v.get("dev-dependencies"),
                v.get("build-dependencies"),
            ];
            tables.push(v.get("workspace").and_then(|w| w.get("dependencies")));
            for t in tables
                .into_iter()
                .flatten()
                .filter_map(toml::Value::as_table)
            {
                for (name, spec) in t {
                    out.push(Dep {
                        ecosystem: "cargo",
                        name: name.clone(),
                        version: toml_version(spec),
                    });
                }
            }
        }
        "pipfile-lock" => {
            let v: Value = serde_json::from_str(text).map_err(|e| format!("invalid JSON: {e}"))?;
            for key in ["default", "develop"] {
                if let Some(m) = v.get(key).and_then(Value::as_object) {
                    for (name, spec) in m {
                        let version = spec
                            .get("version")
                            .and_then(Value::as_str)
                            .map(|s| s.trim_start_matches("==").to_owned());
                        out.push(Dep {
                            ecosystem: "pypi",
                            name: name.clone(),
                            version,
                        });
                    }
                }
            }
        }
        "package-json" => {
            let v: Value = serde_json::from_str(text).map_err(|e| format!("invalid JSON: {e}"))?;
            for key in [
                "dependencies",
                "devDependencies",
                "peerDependencies",
                "optionalDependencies",
            ] {
                if let Some(m) = v.get(key).and_then(Value::as_object) {
                    for (name, spec) in m {
                        out.push(Dep {
                            ecosystem: "npm",
                            name: name.clone(),
                            version: spec.as_str().map(str::to_owned),
                        });
                    }
                }
            }
        }
        "package-lock" => {
            let v: Value = serde_json::from_str(text).map_err(|e| format!("invalid JSON: {e}"))?;
            if let Some(m) = v.get("packages").and_then(Value::as_object) {
                for (path, spec) in m {
                    let Some(i) = path.rfind("node_modules/") else {
                        continue;
                    };
                    let name = &path[i + "node_modules/".len()..];
                    let version = spec
                        .get("version")
                        .and_then(Value::as_str)
                        .map(str::to_owned);
                    out.push(Dep {
                        ecosystem: "npm",
                        name: name.to_owned(),
                        version,
                    });
                }
            } else if let Some(m) = v.get("dependencies").and_then(Value::as_object) {
                for (name, spec) in m {
                    let version = spec
                        .get("version")
                        .and_then(Value::as_str)
                        .map(str::to_owned);
                    out.push(Dep {
                        ecosystem: "npm",
                        name: name.clone(),
                        version,
                    });
                }
            }
        }
        "pnpm-lock" => {
            static R: OnceLock<Option<Regex>> = OnceLock::new();
            let Some(r) = re(
                &R,
                r"(?m)^\s{2}['/]?(@?[A-Za-z0-9._\-]+(?:/[A-Za-z0-9._\-]+)?)@([0-9][^:()'\s]*)(?:\(.*\))?'?:\s*$",
            ) else {
                return Err("internal: bad pattern".into());
            };
            for c in r.captures_iter(text) {
                out.push(Dep {
                    ecosystem: "npm",
                    name: c[1].to_owned(),
                    version: Some(c[2].to_owned()),
                });
            }
            // lockfile v5: `/name/1.2.3:` and `/@scope/name/1.2.3_peer:`.
            static V5: OnceLock<Option<Regex>> = OnceLock::new();
            let Some(r5) = re(
                &V5,
                r"(?m)^\s{2}'?/((?:@[A-Za-z0-9._\-]+/)?[A-Za-z0-9._\-]+)/([0-9][^:_()'\s/]*)[^:'\s]*'?:\s*$",
            ) else {
                return Err("internal: bad pattern".into());
            };
            for c in r5.captures_iter(text) {
                out.push(Dep {
                    ecosystem: "npm",
                    name: c[1].to_owned(),
                    version: Some(c[2].to_owned()),
                });
            }
        }
        "yarn-lock" => {
            static R: OnceLock<Option<Regex>> = OnceLock::new();
            let Some(r) = re(
                &R,
                r#"(?m)^"?(@?[A-Za-z0-9._\-]+(?:/[A-Za-z0-9._\-]+)?)@[^\n]*:\s*\n\s+version:?\s+"?([^"\s]+)"?"#,
            ) else {
                return Err("internal: bad pattern".into());
            };
            for c in r.captures_iter(text) {
                out.push(Dep {
                    ecosystem: "npm",
                    name: c[1].to_owned(),
                    version: Some(c[2].to_owned()),
                });
            }
        }
        "go-mod" => {
            static R: OnceLock<Option<Regex>> = OnceLock::new();
            let Some(r) = re(
                &R,
                r"(?m)^(?:require\s+)?\s*([a-zA-Z0-9._\-]+\.[a-z]+/[^\s]+)\s+(v[^\s]+)",
            ) else {
                return Err("internal: bad pattern".into());
            };
            for c in r.captures_iter(text) {
                out.push(Dep {
                    ecosystem: "golang",
                    name: c[1].to_owned(),
                    version: Some(c[2].to_owned()),
                });
            }
        }
        "csproj" | "nuget-config" => {
            static R: OnceLock<Option<Regex>> = OnceLock::new();
            let Some(r) = re(
                &R,
                r#"(?i)<(?:PackageReference|PackageVersion|package)\s+(?:Include|Update|id)="([^"]+)"(?:[^>]*?\s(?:Version|version)="([^"]*)")?"#,
            ) else {
                return Err("internal: bad pattern".into());
            };
            for c in r.captures_iter(text) {
                out.push(Dep {
                    ecosystem: "nuget",
                    name: c[1].to_owned(),
                    version: c.get(2).map(|m| m.as_str().to_owned()),
                });
            }
        }
        "nuget-lock" => {
            let v: Value = serde_json::from_str(text).map_err(|e| format!("invalid JSON: {e}"))?;
            if let Some(fws) = v.get("dependencies").and_then(Value::as_object) {
                for deps in fws.values().filter_map(Value::as_object) {
                    for (name, spec) in deps {
                        let version = spec
                            .get("resolved")
                            .and_then(Value::as_str)
                            .map(str::to_owned);
                        out.push(Dep {
                            ecosystem: "nuget",
                            name: name.clone(),
                            version,
                        });
                    }
                }
            }
        }
        "gradle-catalog" => {
            let v: toml::Value =
                toml::from_str(text).map_err(|e| format!("invalid TOML: {}", e.message()))?;
            let versions = v.get("versions").and_then(toml::Value::as_table);
            if let Some(libs) = v.get("libraries").and_then(toml::Value::as_table) {
                for spec in libs.values() {
                    // "g:a:v", or { module = "g:a", version = "v" | version.ref = "k" },
                    // or { group = "g", name = "a", ... }.
                    let (module, version) = match spec {
                        toml::Value::String(s) => {
                            let mut it = s.splitn(3, ':');
                            let (g, a) = (it.next().unwrap_or(""), it.next().unwrap_or(""));
                            (format!("{g}:{a}"), it.next().map(str::to_owned))
                        }
                        toml::Value::Table(t) => {
                            let module = match t.get("module").and_then(toml::Value::as_str) {
                                Some(m) => m.to_owned(),
                                None => format!(
                                    "{}:{}",
                                    t.get("group").and_then(toml::Value::as_str).unwrap_or(""),
                                    t.get("name").and_then(toml::Value::as_str).unwrap_or("")
                                ),
                            };
                            let version = match t.get("version") {
                                Some(toml::Value::String(s)) => Some(s.clone()),
                                Some(toml::Value::Table(vt)) => vt
                                    .get("ref")
                                    .and_then(toml::Value::as_str)
                                    .and_then(|k| versions.and_then(|vs| vs.get(k)))
                                    .and_then(toml::Value::as_str)
                                    .map(str::to_owned),
                                _ => None,
                            };
                            (module, version)
                        }
                        _ => continue,
                    };
                    if module.len() > 1 && !module.starts_with(':') && !module.ends_with(':') {
                        out.push(Dep {
                            ecosystem: "maven",
                            name: module,
                            version,
                        });
                    }
                }
            }
        }
        "pom" => {
            static R: OnceLock<Option<Regex>> = OnceLock::new();
            let Some(r) = re(&R, r"(?s)<dependency>\s*(.*?)</dependency>") else {
                return Err("internal: bad pattern".into());
            };
            // `${name}` versions resolve from the pom's own <properties>.
            static P: OnceLock<Option<Regex>> = OnceLock::new();
            let Some(pr) = re(&P, r"(?s)<properties>(.*?)</properties>") else {
                return Err("internal: bad pattern".into());
            };
            static KV: OnceLock<Option<Regex>> = OnceLock::new();
            let Some(kv) = re(&KV, r"<([A-Za-z0-9._\-]+)>\s*([^<\s]+)\s*</") else {
                return Err("internal: bad pattern".into());
            };
            let mut props = std::collections::HashMap::new();
            for block in pr.captures_iter(text) {
                for c in kv.captures_iter(&block[1]) {
                    props.insert(c[1].to_owned(), c[2].to_owned());
                }
            }
            static F: OnceLock<Option<Regex>> = OnceLock::new();
            let Some(f) = re(&F, r"<(groupId|artifactId|version)>\s*([^<\s]+)\s*</") else {
                return Err("internal: bad pattern".into());
            };
            for c in r.captures_iter(text) {
                let (mut g, mut a, mut ver) = (None, None, None);
                for x in f.captures_iter(&c[1]) {
                    match &x[1] {
                        "groupId" => g = Some(x[2].to_owned()),
                        "artifactId" => a = Some(x[2].to_owned()),
                        _ => ver = Some(x[2].to_owned()),
                    }
                }
                let ver = ver.map(|v| {
                    v.strip_prefix("${")
                        .and_then(|k| k.strip_suffix('}'))
                        .and_then(|k| props.get(k).cloned())
                        .unwrap_or(v)
                });
                if let (Some(g), Some(a)) = (g, a) {
                    out.push(Dep {
                        ecosystem: "maven",
                        name: format!("{g}:{a}"),
                        version: ver,
                    });
                }
            }
        }
        "gradle" => {
            static R: OnceLock<Option<Regex>> = OnceLock::new();
            let Some(r) = re(
                &R,
                r#"["']([A-Za-z0-9._\-]+):([A-Za-z0-9._\-]+)(?::([A-Za-z0-9._\-+]+))?["']"#,
            ) else {
                return Err("internal: bad pattern".into());
            };
            for c in r.captures_iter(text) {
                out.push(Dep {
                    ecosystem: "maven",
                    name: format!("{}:{}", &c[1], &c[2]),
                    version: c.get(3).map(|m| m.as_str().to_owned()),
                });
            }
        }
        _ => {}
    }
    Ok(out)
}

fn collect_strs(v: Option<&toml::Value>, out: &mut Vec<String>) {
    if let Some(a) = v.and_then(toml::Value::as_array) {
        out.extend(a.iter().filter_map(|x| x.as_str().map(str::to_owned)));
    }
}

fn toml_version(spec: &toml::Value) -> Option<String> {
    match spec {
        toml::Value::String(s) => Some(s.clone()),
        toml::Value::Table(t) => t
            .get("version")
            .and_then(toml::Value::as_str)
            .map(str::to_owned),
        _ => None,
    }
}

/// A PEP 508 requirement line: `name[extra]==1.2 ; marker`.
fn pep508(line: &str) -> Option<Dep> {
    let l = line.split('#').next()?.trim();
    if l.is_empty() || l.starts_with('-') || l.contains("://") {
        return None;
    }
    let end = l
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.'))
        .unwrap_or(l.len());
    let name = &l[..end];
    if name.is_empty() {
        return None;
    }
    let rest = l[end..].split(';').next().unwrap_or("");
    let rest = match rest.find(']') {
        Some(i) if rest.starts_with('[') => &rest[i + 1..],
        _ => rest,
    };
    let spec = rest.trim();
    let version = spec
        .strip_prefix("==")
        .map(|v| v.trim().to_owned())
        .or_else(|| (!spec.is_empty()).then(|| spec.to_owned()));
    Some(Dep {
        ecosystem: "pypi",
        name: name.to_owned(),
        version,
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn names(kind: &str, text: &str) -> Vec<(String, Option<String>)> {
        parse(kind, text)
            .unwrap()
            .into_iter()
            .map(|d| (d.name, d.version))
            .collect()
    }

    #[test]
    fn python() {
        let r = names(
            "requirements",
            "# c\nopenai==1.51.0\nlangchain[all]>=0.2 ; python_version>'3.8'\n-r other.txt\nhttps://x/y.whl\n",
        );
        assert_eq!(
            r,
            vec![
                ("openai".into(), Some("1.51.0".into())),
                ("langchain".into(), Some(">=0.2".into()))
            ]
        );
        let p = names(
            "pyproject",
            "[project]\ndependencies = [\"anthropic>=0.30\"]\n[tool.poetry.dependencies]\npython = \"^3.11\"\nchromadb = { version = \"0.5.0\" }\n",
        );
        assert_eq!(
            p,
            vec![
                ("anthropic".into(), Some(">=0.30".into())),
                ("chromadb".into(), Some("0.5.0".into()))
            ]
        );
        let l = names(
            "toml-lock",
            "version = 1\n[[package]]\nname = \"openai\"\nversion = \"1.2.3\"\nsource = { registry = \"https://pypi.org/simple\" }\n",
        );
        assert_eq!(l, vec![("openai".into(), Some("1.2.3".into()))]);
        assert!(parse("pyproject", "[project\n").is_err());
        let g = names(
            "pyproject",
            "[tool.poetry.group.ai.dependencies]\nlangchain-openai = \"^0.2\"\n",
        );
        assert_eq!(g, vec![("langchain-openai".into(), Some("^0.2".into()))]);
        // A Cargo.lock is Cargo's, whatever its sources look like.
        let c = parse(
            "cargo-lock",
            "version = 4\n[[package]]\nname = \"async-openai\"\nversion = \"0.27.0\"\n",
        )
        .unwrap();
        assert_eq!(c[0].ecosystem, "cargo");
    }

    #[test]
    fn js() {
        let y = names(
            "yarn-lock",
            "\"@anthropic-ai/sdk@^0.27.0\":\n  version \"0.27.3\"\n  resolved \"x\"\n\nopenai@^4:\n  version \"4.67.1\"\n",
        );
        assert_eq!(
            y,
            vec![
                ("@anthropic-ai/sdk".into(), Some("0.27.3".into())),
                ("openai".into(), Some("4.67.1".into()))
            ]
        );
        let p = names(
            "pnpm-lock",
            "packages:\n\n  /openai@4.67.1:\n    resolution: {}\n  '@langchain/core@0.3.1(openai@4.67.1)':\n    x: 1\n",
        );
        assert_eq!(
            p,
            vec![
                ("openai".into(), Some("4.67.1".into())),
                ("@langchain/core".into(), Some("0.3.1".into()))
            ]
        );
        let mut l = names(
            "package-lock",
            r#"{"packages": {"": {}, "node_modules/openai": {"version": "4.1.0"}, "node_modules/a/node_modules/@azure/openai": {"version": "2.0.0"}}}"#,
        );
        l.sort();
        assert_eq!(
            l,
            vec![
                ("@azure/openai".into(), Some("2.0.0".into())),
                ("openai".into(), Some("4.1.0".into()))
            ]
        );
    }

    #[test]
    fn pnpm_v5_catalogs_and_pom_properties() {
        let p = names(
            "pnpm-lock",
            "lockfileVersion: 5.4\npackages:\n\n  /openai/4.20.1:\n    resolution: {}\n  /@langchain/core/0.1.2_openai@4.20.1:\n    x: 1\n",
        );
        assert_eq!(
            p,
            vec![
                ("openai".into(), Some("4.20.1".into())),
                ("@langchain/core".into(), Some("0.1.2".into()))
            ]
        );
        let g = names(
            "gradle-catalog",
            "[versions]\nl4j = \"0.35.0\"\n[libraries]\nl4j = { module = \"dev.langchain4j:langchain4j\", version.ref = \"l4j\" }\naz = \"com.azure:azure-ai-openai:1.0.0-beta.12\"\n",
        );
        assert!(g.contains(&("dev.langchain4j:langchain4j".into(), Some("0.35.0".into()))));
        assert!(g.contains(&(
            "com.azure:azure-ai-openai".into(),
            Some("1.0.0-beta.12".into())
        )));
        let m = names(
            "pom",
            "<project><properties><l4j.version>0.36.2</l4j.version></properties><dependencies><dependency><groupId>dev.langchain4j</groupId><artifactId>langchain4j</artifactId><version>${l4j.version}</version></dependency></dependencies></project>",
        );
        assert_eq!(m[0].1.as_deref(), Some("0.36.2"));
        assert_eq!(kind_of("Directory.Packages.props"), Some("csproj"));
    }

    #[test]
    fn others() {
        let g = names(
            "go-mod",
            "module x\n\ngo 1.22\n\nrequire (\n\tgithub.com/openai/openai-go v0.1.0-alpha.30\n\tgolang.org/x/net v0.1.0 // indirect\n)\nrequire github.com/tmc/langchaingo v0.1.12\n",
        );
        assert_eq!(
            g[0],
            (
                "github.com/openai/openai-go".into(),
                Some("v0.1.0-alpha.30".into())
            )
        );
        assert_eq!(g.len(), 3);
        let c = names(
            "csproj",
            r#"<Project><ItemGroup><PackageReference Include="Azure.AI.OpenAI" Version="2.1.0" /><PackageReference Include="Other" /></ItemGroup></Project>"#,
        );
        assert_eq!(c[0], ("Azure.AI.OpenAI".into(), Some("2.1.0".into())));
        let m = names(
            "pom",
            "<dependencies><dependency>\n<groupId>dev.langchain4j</groupId>\n<artifactId>langchain4j-open-ai</artifactId>\n<version>0.35.0</version>\n</dependency></dependencies>",
        );
        assert_eq!(
            m[0],
            (
                "dev.langchain4j:langchain4j-open-ai".into(),
                Some("0.35.0".into())
            )
        );
        let gr = names(
            "gradle",
            "implementation(\"com.azure:azure-ai-openai:1.0.0-beta.12\")\n",
        );
        assert_eq!(
            gr[0],
            (
                "com.azure:azure-ai-openai".into(),
                Some("1.0.0-beta.12".into())
            )
        );
    }
}
