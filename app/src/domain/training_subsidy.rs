//! The training money rules of section 三(四) (对农村贫困劳动力开展免费培训和技能鉴定): a
//! free trainee who passed earns the training subsidy once, and a certificate obtained through
//! that training earns the 技能鉴定 subsidy. Amounts are parameters of the governing version.

use super::subsidy::{Explanation, Ineligible, Ruling};
use super::training::TrainingType;

/// The training subsidies' parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TrainingSubsidyParams {
    pub version: i64,
    /// 职业培训补贴 per qualified trainee.
    pub per_person_fen: i64,
    /// 创业培训补贴 per qualified trainee of an entrepreneurship course.
    pub entrepreneurship_fen: i64,
    /// 技能鉴定补贴 per certificate.
    pub appraisal_fen: i64,
}

fn yuan(fen: i64) -> String {
    super::money::Fen(fen).to_string()
}

/// What a claim for a trainee is computed from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TraineeFacts<'a> {
    pub programme: &'a str,
    pub training_type: TrainingType,
    pub programme_free: bool,
    /// The worker's first free training (the one the target counts).
    pub free_once: bool,
    pub passed: bool,
    pub certificate_number: Option<&'a str>,
}

fn common_checks(facts: &TraineeFacts<'_>) -> Result<(), Ineligible> {
    if !facts.programme_free {
        return Err(Ineligible("收费培训不享受培训补贴".into()));
    }
    if !facts.free_once {
        return Err(Ineligible(
            "该劳动者此前已参加过免费培训，补贴每人只享受一次".into(),
        ));
    }
    if !facts.passed {
        return Err(Ineligible("考核合格后才能申领".into()));
    }
    Ok(())
}

/// 职业培训补贴 (创业培训补贴 for an entrepreneurship course).
///
/// # Errors
/// [`Ineligible`] when the programme charged a fee, the worker already had a free training,
/// the trainee did not pass, or the version sets no amount.
pub fn training_subsidy(
    params: TrainingSubsidyParams,
    facts: &TraineeFacts<'_>,
) -> Result<Ruling, Ineligible> {
    common_checks(facts)?;
    let (rule, standard, name) = if facts.training_type == TrainingType::Entrepreneurship {
        (
            "entrepreneurship_training",
            params.entrepreneurship_fen,
            "创业培训补贴标准",
        )
    } else {
        ("training", params.per_person_fen, "职业培训补贴标准")
    };
    if standard <= 0 {
        return Err(Ineligible(format!(
            "参数版本 {} 未设置{name}",
            params.version
        )));
    }
    Ok(Ruling {
        amount_fen: standard,
        explanation: Explanation {
            rule: rule.into(),
            parameter_version: params.version,
            inputs: vec![
                ("培训班".into(), facts.programme.to_string()),
                ("培训类型".into(), facts.training_type.label().into()),
                ("考核结果".into(), "合格".into()),
                (format!("{name}（元/人）"), yuan(standard)),
            ],
            formula: format!(
                "免费培训合格 1 人 × {} = {} 元",
                yuan(standard),
                yuan(standard)
            ),
        },
    })
}

/// 技能鉴定补贴 for the certificate a free training earned.
///
/// # Errors
/// As [`training_subsidy`], and when no certificate was obtained.
pub fn appraisal_subsidy(
    params: TrainingSubsidyParams,
    facts: &TraineeFacts<'_>,
) -> Result<Ruling, Ineligible> {
    common_checks(facts)?;
    let Some(number) = facts.certificate_number else {
        return Err(Ineligible(
            "未取得职业技能等级证书，不享受技能鉴定补贴".into(),
        ));
    };
    if params.appraisal_fen <= 0 {
        return Err(Ineligible(format!(
            "参数版本 {} 未设置技能鉴定补贴标准",
            params.version
        )));
    }
    Ok(Ruling {
        amount_fen: params.appraisal_fen,
        explanation: Explanation {
            rule: "skill_appraisal".into(),
            parameter_version: params.version,
            inputs: vec![
                ("培训班".into(), facts.programme.to_string()),
                ("证书编号".into(), number.to_string()),
                (
                    "技能鉴定补贴标准（元/人）".into(),
                    yuan(params.appraisal_fen),
                ),
            ],
            formula: format!(
                "取得证书 1 人 × {} = {} 元",
                yuan(params.appraisal_fen),
                yuan(params.appraisal_fen)
            ),
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const PARAMS: TrainingSubsidyParams = TrainingSubsidyParams {
        version: 7,
        per_person_fen: 100_000,
        entrepreneurship_fen: 120_000,
        appraisal_fen: 15_000,
    };

    fn facts() -> TraineeFacts<'static> {
        TraineeFacts {
            programme: "浮山厨师面点班",
            training_type: TrainingType::EmploymentSkills,
            programme_free: true,
            free_once: true,
            passed: true,
            certificate_number: Some("S2026-1"),
        }
    }

    #[test]
    fn a_free_trainee_who_passed_earns_the_standard_citing_the_version() {
        let ruling = training_subsidy(PARAMS, &facts()).expect("eligible");
        assert_eq!(ruling.amount_fen, 100_000);
        assert_eq!(ruling.explanation.rule, "training");
        assert_eq!(ruling.explanation.parameter_version, 7);
        assert!(ruling.explanation.formula.contains("1000.00"));
        let entrepreneurship = TraineeFacts {
            training_type: TrainingType::Entrepreneurship,
            ..facts()
        };
        let ruling = training_subsidy(PARAMS, &entrepreneurship).expect("eligible");
        assert_eq!(
            (ruling.amount_fen, ruling.explanation.rule.as_str()),
            (120_000, "entrepreneurship_training")
        );
    }

    #[test]
    fn fee_paying_repeat_or_failed_training_earns_nothing() {
        for spoiled in [
            TraineeFacts {
                programme_free: false,
                ..facts()
            },
            TraineeFacts {
                free_once: false,
                ..facts()
            },
            TraineeFacts {
                passed: false,
                ..facts()
            },
        ] {
            assert!(training_subsidy(PARAMS, &spoiled).is_err());
            assert!(appraisal_subsidy(PARAMS, &spoiled).is_err());
        }
        let unset = TrainingSubsidyParams {
            per_person_fen: 0,
            ..PARAMS
        };
        assert!(
            training_subsidy(unset, &facts())
                .expect_err("unset")
                .0
                .contains("版本 7")
        );
    }

    #[test]
    fn the_appraisal_subsidy_needs_a_certificate() {
        let ruling = appraisal_subsidy(PARAMS, &facts()).expect("certificate");
        assert_eq!(ruling.amount_fen, 15_000);
        assert_eq!(ruling.explanation.rule, "skill_appraisal");
        let none = TraineeFacts {
            certificate_number: None,
            ..facts()
        };
        assert!(appraisal_subsidy(PARAMS, &none).is_err());
    }
}
