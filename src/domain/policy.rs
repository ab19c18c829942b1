//! A Workspace domain's policies, set by its admins, and the one check each applies at the
//! moment of the action it governs.
//!
//! Policies bind labels by their owner's domain: a label owned in `example.com` follows
//! `example.com`'s policies whoever acts on it. A personal account (no domain) has the defaults.

use super::google_side::DeletionGuard;
use super::role::Role;

/// Sharing with people, groups or domains outside the label owner's domain.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutsideSharing {
    /// With anyone.
    Allowed,
    /// Only with the listed domains.
    Listed,
    /// Never.
    Never,
}

impl OutsideSharing {
    /// Every choice, in the order the admin card offers them.
    pub const ALL: [OutsideSharing; 3] = [Self::Allowed, Self::Listed, Self::Never];

    /// Stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Allowed => "allowed",
            Self::Listed => "listed",
            Self::Never => "never",
        }
    }

    /// From the stored name.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.as_str() == s)
    }

    /// The catalogue id of its name (`locales/`).
    pub fn message_id(self) -> &'static str {
        match self {
            Self::Allowed => "outside-sharing-allowed",
            Self::Listed => "outside-sharing-listed",
            Self::Never => "outside-sharing-never",
        }
    }
}

/// Who approves deletions the mass-deletion guard held.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Approver {
    /// The label's owner.
    Owner,
    /// The domain's admins.
    Admins,
}

impl Approver {
    /// Every choice.
    pub const ALL: [Approver; 2] = [Self::Owner, Self::Admins];

    /// Stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Owner => "owner",
            Self::Admins => "admins",
        }
    }

    /// From the stored name.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.as_str() == s)
    }

    /// The catalogue id of its name (`locales/`).
    pub fn message_id(self) -> &'static str {
        match self {
            Self::Owner => "approver-owner",
            Self::Admins => "approver-admins",
        }
    }
}

/// Someone a label is shared with, as policies see them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Grantee<'a> {
    /// One person's address.
    Person(&'a str),
    /// A Google Group's address.
    Group(&'a str),
    /// Everyone in a domain.
    Domain(&'a str),
}

impl Grantee<'_> {
    /// The domain the grantee belongs to, lowercased.
    pub fn domain(&self) -> String {
        match self {
            Self::Person(a) | Self::Group(a) => a.rsplit_once('@').map_or(*a, |(_, d)| d),
            Self::Domain(d) => d,
        }
        .trim()
        .trim_start_matches('@')
        .to_lowercase()
    }
}

/// Why a policy refused an action. The text is what the user reads next to the field.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    /// Outside sharing is off.
    #[error("Your administrator does not allow sharing labels outside {home}.")]
    OutsideNever {
        /// The owner's domain.
        home: String,
    },
    /// The grantee's domain is not listed.
    #[error(
        "Your administrator allows sharing outside {home} only with {listed}; {domain} is not one of them."
    )]
    OutsideNotListed {
        /// The owner's domain.
        home: String,
        /// The grantee's domain.
        domain: String,
        /// The domains allowed, joined for reading (empty when none is).
        listed: String,
    },
    /// The role is above what an outside grantee may get.
    #[error("People outside {home} can get at most the {max} role.")]
    OutsideAboveMax {
        /// The owner's domain.
        home: String,
        /// The highest role allowed.
        max: &'static str,
    },
    /// Whole-domain shares are off.
    #[error("Your administrator does not allow sharing a label with all of {home}.")]
    DomainSharesOff {
        /// The owner's domain.
        home: String,
    },
    /// CRM feeds are off.
    #[error("Your administrator does not allow connecting CRM feeds.")]
    FeedsOff,
}

impl super::message::Explain for Refusal {
    fn message(&self) -> super::message::Msg {
        use super::message::Msg;
        match self {
            Refusal::OutsideNever { home } => Msg::new("refusal-outside-never").with("home", home),
            Refusal::OutsideNotListed {
                home,
                domain,
                listed,
            } => Msg::new("refusal-outside-not-listed")
                .with("home", home)
                .with("domain", domain)
                .with("listed", listed)
                .with(
                    "count",
                    listed.split(", ").filter(|d| !d.is_empty()).count(),
                ),
            Refusal::OutsideAboveMax { home, max } => Msg::new("refusal-outside-above-max")
                .with("home", home)
                .with_id("max", max),
            Refusal::DomainSharesOff { home } => {
                Msg::new("refusal-domain-shares-off").with("home", home)
            }
            Refusal::FeedsOff => Msg::new("refusal-feeds-off"),
        }
    }
}

/// A domain's policies.
#[derive(Debug, Clone, PartialEq)]
pub struct Policy {
    /// Sharing outside the domain.
    pub outside: OutsideSharing,
    /// The domains outside sharing may reach when [`OutsideSharing::Listed`], lowercased.
    pub outside_domains: Vec<String>,
    /// The highest role anyone outside may get.
    pub outside_max: Role,
    /// Whether a label may be shared with the whole domain.
    pub domain_shares: bool,
    /// When one member's deletions in Google Contacts are held.
    pub guard: DeletionGuard,
    /// Who approves held deletions.
    pub approver: Approver,
    /// Whether a CRM feed may be connected.
    pub feeds_allowed: bool,
}

impl Default for Policy {
    fn default() -> Self {
        Self {
            outside: OutsideSharing::Allowed,
            outside_domains: Vec::new(),
            outside_max: Role::Manager,
            domain_shares: true,
            guard: DeletionGuard::default(),
            approver: Approver::Owner,
            feeds_allowed: true,
        }
    }
}

impl Policy {
    /// Whether a label owned in `home` (`None`: a personal account) may be shared with `grantee`
    /// as `role`. Checked when a share is made or its role changed, and for every existing share
    /// when an admin tightens the policy (those refused are listed for revocation).
    pub fn check_share(
        &self,
        home: Option<&str>,
        grantee: Grantee<'_>,
        role: Role,
    ) -> Result<(), Refusal> {
        let Some(home) = home.map(str::to_lowercase) else {
            return Ok(());
        };
        let domain = grantee.domain();
        if domain == home {
            return match grantee {
                Grantee::Domain(_) if !self.domain_shares => Err(Refusal::DomainSharesOff { home }),
                _ => Ok(()),
            };
        }
        match self.outside {
            OutsideSharing::Never => return Err(Refusal::OutsideNever { home }),
            OutsideSharing::Listed if !self.outside_domains.contains(&domain) => {
                return Err(Refusal::OutsideNotListed {
                    listed: self.outside_domains.join(", "),
                    home,
                    domain,
                });
            }
            _ => {}
        }
        if role > self.outside_max {
            return Err(Refusal::OutsideAboveMax {
                home,
                max: self.outside_max.message_id(),
            });
        }
        Ok(())
    }

    /// Whether a CRM feed may be connected to a label of this domain.
    pub fn check_feed(&self) -> Result<(), Refusal> {
        if self.feeds_allowed {
            Ok(())
        } else {
            Err(Refusal::FeedsOff)
        }
    }
}

/// Parses the admin's list of outside domains (commas, spaces or lines between them): each
/// lowercased, without a leading `@`, once. The offending entry when one is not a domain.
pub fn parse_domains(raw: &str) -> Result<Vec<String>, String> {
    let mut out: Vec<String> = Vec::new();
    for part in raw.split(|c: char| c == ',' || c.is_whitespace() || c == ';') {
        let d = part.trim().trim_start_matches('@').to_lowercase();
        if d.is_empty() {
            continue;
        }
        let labels_ok = d.split('.').all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        });
        if !labels_ok || !d.contains('.') || d.len() > 253 {
            return Err(part.trim().to_owned());
        }
        if !out.contains(&d) {
            out.push(d);
        }
    }
    Ok(out)
}

/// The policy form as typed: kept as typed when a value is refused.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PolicyForm {
    /// `allowed`, `listed` or `never`.
    pub outside: String,
    /// The outside domains, as typed.
    pub domains: String,
    /// The highest outside role's name.
    pub outside_max: String,
    /// Whole-domain shares allowed.
    pub domain_shares: bool,
    /// The guard's share, in percent.
    pub guard_percent: String,
    /// The guard's smallest count.
    pub guard_at_least: String,
    /// `owner` or `admins`.
    pub approver: String,
    /// CRM feeds allowed.
    pub feeds: bool,
}

/// A refused policy value: the form field and what the admin reads under it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyError {
    /// The field.
    pub field: &'static str,
    /// The message.
    pub message: super::message::Msg,
}

impl PolicyForm {
    /// The form showing `policy`.
    pub fn of(policy: &Policy) -> Self {
        let percent = f64::from(policy.guard.permille()) / 10.0;
        Self {
            outside: policy.outside.as_str().to_owned(),
            domains: policy.outside_domains.join(", "),
            outside_max: policy.outside_max.as_str().to_owned(),
            domain_shares: policy.domain_shares,
            guard_percent: format!("{percent}"),
            guard_at_least: policy.guard.at_least.to_string(),
            approver: policy.approver.as_str().to_owned(),
            feeds: policy.feeds_allowed,
        }
    }

    /// The policy typed, or the first value refused. Choices the form never offers are refused
    /// too (a forged request), with the field they concern.
    pub fn parse(&self) -> Result<Policy, PolicyError> {
        let err = |field: &'static str, id: &'static str| PolicyError {
            field,
            message: super::message::Msg::new(id),
        };
        let outside = OutsideSharing::parse(self.outside.trim())
            .ok_or_else(|| err("outside", "policy-error-outside"))?;
        let outside_domains = parse_domains(&self.domains).map_err(|bad| PolicyError {
            field: "domains",
            message: super::message::Msg::new("policy-error-domain").with("domain", bad),
        })?;
        if outside == OutsideSharing::Listed && outside_domains.is_empty() {
            return Err(err("domains", "policy-error-no-domains"));
        }
        let outside_max = self
            .outside_max
            .trim()
            .parse::<Role>()
            .ok()
            .filter(|r| *r < Role::Owner)
            .ok_or_else(|| err("outside_max", "policy-error-outside-max"))?;
        let percent: f64 = self
            .guard_percent
            .trim()
            .trim_end_matches('%')
            .replace(',', ".")
            .parse()
            .ok()
            .filter(|p: &f64| (0.0..=100.0).contains(p))
            .ok_or_else(|| err("guard_percent", "policy-error-guard-percent"))?;
        let at_least: usize = self
            .guard_at_least
            .trim()
            .parse()
            .ok()
            .filter(|n| (1..=100_000).contains(n))
            .ok_or_else(|| err("guard_at_least", "policy-error-guard-at-least"))?;
        let approver = Approver::parse(self.approver.trim())
            .ok_or_else(|| err("approver", "policy-error-approver"))?;
        Ok(Policy {
            outside,
            outside_domains,
            outside_max,
            domain_shares: self.domain_shares,
            guard: DeletionGuard {
                share: percent / 100.0,
                at_least,
            },
            approver,
            feeds_allowed: self.feeds,
        })
    }
}

/// What changed between two policies, for the audit log ("" when nothing did).
pub fn changes(before: &Policy, after: &Policy) -> String {
    let mut out = Vec::new();
    if before.outside != after.outside || before.outside_domains != after.outside_domains {
        out.push(format!(
            "outside sharing: {}{}",
            after.outside.as_str(),
            if after.outside == OutsideSharing::Listed {
                format!(" ({})", after.outside_domains.join(", "))
            } else {
                String::new()
            }
        ));
    }
    if before.outside_max != after.outside_max {
        out.push(format!(
            "outside role at most {}",
            after.outside_max.as_str()
        ));
    }
    if before.domain_shares != after.domain_shares {
        out.push(format!(
            "whole-domain shares {}",
            on_off(after.domain_shares)
        ));
    }
    if before.guard.permille() != after.guard.permille()
        || before.guard.at_least != after.guard.at_least
    {
        out.push(format!(
            "deletion guard over {}% and at least {}",
            f64::from(after.guard.permille()) / 10.0,
            after.guard.at_least
        ));
    }
    if before.approver != after.approver {
        out.push(format!(
            "held deletions approved by {}",
            after.approver.as_str()
        ));
    }
    if before.feeds_allowed != after.feeds_allowed {
        out.push(format!("CRM feeds {}", on_off(after.feeds_allowed)));
    }
    out.join("; ")
}

fn on_off(b: bool) -> &'static str {
    if b { "allowed" } else { "not allowed" }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const HOME: Option<&str> = Some("acme.com");

    #[test]
    fn inside_the_domain_only_whole_domain_shares_can_be_refused() {
        let mut p = Policy {
            outside: OutsideSharing::Never,
            outside_max: Role::Viewer,
            ..Policy::default()
        };
        for role in Role::ALL {
            assert_eq!(
                p.check_share(HOME, Grantee::Person("ann@Acme.com"), role),
                Ok(())
            );
            assert_eq!(
                p.check_share(HOME, Grantee::Group("team@acme.com"), role),
                Ok(())
            );
        }
        assert_eq!(
            p.check_share(HOME, Grantee::Domain("acme.com"), Role::Editor),
            Ok(())
        );
        p.domain_shares = false;
        assert_eq!(
            p.check_share(HOME, Grantee::Domain("acme.com"), Role::Viewer),
            Err(Refusal::DomainSharesOff {
                home: "acme.com".into()
            })
        );
        assert_eq!(
            p.check_share(HOME, Grantee::Person("ann@acme.com"), Role::Manager),
            Ok(())
        );
    }

    #[test]
    fn outside_sharing_follows_the_choice_and_the_highest_role() {
        let mut p = Policy::default();
        let outside = Grantee::Person("bob@partner.org");
        assert_eq!(p.check_share(HOME, outside, Role::Manager), Ok(()));
        p.outside = OutsideSharing::Never;
        for g in [
            outside,
            Grantee::Group("all@partner.org"),
            Grantee::Domain("partner.org"),
        ] {
            assert!(matches!(
                p.check_share(HOME, g, Role::Viewer),
                Err(Refusal::OutsideNever { .. })
            ));
        }
        p.outside = OutsideSharing::Listed;
        assert!(matches!(
            p.check_share(HOME, outside, Role::Viewer),
            Err(Refusal::OutsideNotListed { .. })
        ));
        p.outside_domains = vec!["partner.org".into()];
        p.outside_max = Role::Editor;
        assert_eq!(p.check_share(HOME, outside, Role::Editor), Ok(()));
        assert!(matches!(
            p.check_share(HOME, outside, Role::Deleter),
            Err(Refusal::OutsideAboveMax {
                max: "role-editor",
                ..
            })
        ));
        assert!(matches!(
            p.check_share(HOME, Grantee::Person("eve@other.org"), Role::Viewer),
            Err(Refusal::OutsideNotListed { .. })
        ));
    }

    #[test]
    fn personal_accounts_have_no_policy() {
        let p = Policy {
            outside: OutsideSharing::Never,
            ..Policy::default()
        };
        assert_eq!(
            p.check_share(None, Grantee::Person("x@y.org"), Role::Manager),
            Ok(())
        );
    }

    #[test]
    fn the_form_round_trips_and_refuses_by_field() {
        let p = Policy {
            outside: OutsideSharing::Listed,
            outside_domains: vec!["partner.org".into()],
            outside_max: Role::Editor,
            guard: DeletionGuard {
                share: 0.25,
                at_least: 5,
            },
            approver: Approver::Admins,
            feeds_allowed: false,
            ..Policy::default()
        };
        assert_eq!(PolicyForm::of(&p).parse(), Ok(p.clone()));
        let field = |f: PolicyForm| f.parse().unwrap_err().field;
        let base = PolicyForm::of(&p);
        assert_eq!(
            field(PolicyForm {
                domains: String::new(),
                ..base.clone()
            }),
            "domains"
        );
        assert_eq!(
            field(PolicyForm {
                domains: "nope".into(),
                ..base.clone()
            }),
            "domains"
        );
        assert_eq!(
            field(PolicyForm {
                outside_max: "owner".into(),
                ..base.clone()
            }),
            "outside_max"
        );
        assert_eq!(
            field(PolicyForm {
                guard_percent: "150".into(),
                ..base.clone()
            }),
            "guard_percent"
        );
        assert_eq!(
            field(PolicyForm {
                guard_at_least: "0".into(),
                ..base.clone()
            }),
            "guard_at_least"
        );
        assert_eq!(
            field(PolicyForm {
                approver: "ceo".into(),
                ..base.clone()
            }),
            "approver"
        );
        assert_eq!(
            field(PolicyForm {
                outside: "x".into(),
                ..base
            }),
            "outside"
        );
        assert_eq!(changes(&p, &p), "");
        assert_eq!(
            changes(
                &Policy::default(),
                &Policy {
                    feeds_allowed: false,
                    ..Policy::default()
                }
            ),
            "CRM feeds not allowed"
        );
    }

    #[test]
    fn feeds_follow_their_switch() {
        assert_eq!(Policy::default().check_feed(), Ok(()));
        let p = Policy {
            feeds_allowed: false,
            ..Policy::default()
        };
        assert_eq!(p.check_feed(), Err(Refusal::FeedsOff));
    }

    #[test]
    fn domain_lists_are_read_leniently_and_refused_clearly() {
        assert_eq!(
            parse_domains(" Partner.org, @supplier.co.uk\nPARTNER.org ").unwrap(),
            vec!["partner.org", "supplier.co.uk"]
        );
        assert_eq!(parse_domains("").unwrap(), Vec::<String>::new());
        assert_eq!(
            parse_domains("partner.org, not a domain"),
            Err("not".into())
        );
        assert_eq!(parse_domains("<b>x</b>.com"), Err("<b>x</b>.com".into()));
        assert_eq!(parse_domains("localhost"), Err("localhost".into()));
    }

    fn policy() -> impl Strategy<Value = Policy> {
        (
            prop::sample::select(OutsideSharing::ALL.to_vec()),
            prop::sample::select(vec![
                Role::Viewer,
                Role::Editor,
                Role::Deleter,
                Role::Manager,
            ]),
            any::<bool>(),
            any::<bool>(),
        )
            .prop_map(|(outside, outside_max, listed, domain_shares)| Policy {
                outside,
                outside_domains: if listed {
                    vec!["partner.org".into()]
                } else {
                    vec![]
                },
                outside_max,
                domain_shares,
                ..Policy::default()
            })
    }

    proptest! {
        /// A tighter policy never allows what a looser one refused: "never" allows nothing
        /// outside, and whatever a policy allows outside stays within its highest role.
        #[test]
        fn what_is_allowed_outside_stays_within_the_policy(p in policy(), rank in 1i16..=4) {
            let role = Role::from_rank(rank).unwrap_or(Role::Viewer);
            let g = Grantee::Person("bob@partner.org");
            if p.check_share(HOME, g, role).is_ok() {
                prop_assert!(p.outside != OutsideSharing::Never);
                prop_assert!(role <= p.outside_max);
                prop_assert!(p.outside == OutsideSharing::Allowed || !p.outside_domains.is_empty());
            }
            let lower = Role::from_rank(rank - 1);
            if let Some(lower) = lower && p.check_share(HOME, g, role).is_ok() {
                prop_assert!(p.check_share(HOME, g, lower).is_ok());
            }
        }
    }
}
