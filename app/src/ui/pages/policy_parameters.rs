//! `/manage/policy-parameters`: the dated, versioned figures of the policy's money rules (the
//! province's average wage, the contribution base's floor and ceiling, contribution rates, the
//! transport cap, the social-insurance share and months, the employer's amounts), city-wide or
//! for one county. Everyone signed in reads them; promoters add versions for their county,
//! admins for any county or the whole city. A claim keeps the version it was computed with.

use crate::api::brands::counties;
use crate::api::subsidy::{CreatePolicyVersion, policy_versions};
use crate::api::types::{County, PolicyVersionView};
use crate::domain::money::Fen;
use crate::domain::policy::{PolicyFigures, PolicyVersionForm};
use crate::domain::role::Role;
use crate::ui::auth::Auth;
use crate::ui::{Field, FormOutcome, form_outcome, general_message, successes};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;

const VERSION_FIELDS: &[&str] = &[
    "county_code",
    "effective_from",
    "effective_to",
    "annual_average_wage_yuan",
    "base_floor_percent",
    "base_ceiling_percent",
    "pension_rate_percent",
    "medical_rate_percent",
    "transport_cap_yuan",
    "insurance_share",
    "insurance_max_months",
    "employer_hiring_yuan",
    "employer_insurance_monthly_yuan",
    "training_per_person_yuan",
    "entrepreneurship_training_yuan",
    "skill_appraisal_yuan",
    "station_service_yuan",
    "note",
];

/// Who may add a version, and for which scope.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Author {
    /// Any county (chosen from the list) or the whole city.
    Admin(Vec<County>),
    /// Their own county only.
    Promoter { code: String, name: String },
}

#[component]
pub fn PolicyParametersPage() -> impl IntoView {
    let auth = Auth::use_auth();
    let create = ServerAction::<CreatePolicyVersion>::new();
    let outcome = form_outcome(create.value());
    let created = successes(create.value());
    let versions = Resource::new(move || created.get(), |_| policy_versions());
    // Admins choose the county; nobody else needs the list.
    let county_choices = Resource::new(
        || (),
        move |_| async move {
            let admin = auth
                .user
                .await
                .ok()
                .flatten()
                .is_some_and(|u| u.role == Role::Admin);
            if admin {
                counties().await
            } else {
                Ok(Vec::new())
            }
        },
    );
    view! {
        <Title text="政策参数"/>
        <section class="card">
            <h1>"政策参数"</h1>
            <p class="muted">
                "依据临政办发〔2017〕52号第三(四)条：补贴金额和上限按县、按年度设定，每次调整新增一个版本。"
                "区县有本县版本时优先于全市通用版本；同一范围内以生效日期最晚的为准。"
                "每笔补贴都记录计算时所用的版本，新增版本不改变已计算的补贴。"
            </p>
            <Transition fallback=|| view! { <p class="muted">"加载中…"</p> }>
                {move || versions.get().map(|result| match result {
                    Ok(rows) if rows.is_empty() => view! {
                        <p class="muted" id="no-policy-versions">"还没有政策参数版本。"</p>
                    }.into_any(),
                    Ok(rows) => view! { <VersionTable rows/> }.into_any(),
                    Err(e) => view! { <p class="form-error" role="alert">{e.message}</p> }.into_any(),
                })}
            </Transition>
        </section>
        <Transition fallback=|| ()>
            {move || {
                let user = auth.signed_in();
                county_choices.get().map(|result| {
                    let author = match (user, result) {
                        (Some(u), Ok(choices)) if u.role == Role::Admin => Some(Author::Admin(choices)),
                        (Some(u), _) if u.role == Role::Promoter => auth.county_code().map(|code| Author::Promoter {
                            name: u.scope_label.clone().unwrap_or_else(|| code.clone()),
                            code,
                        }),
                        _ => None,
                    };
                    author.map(|author| view! {
                        <section class="card" id="policy-version-section">
                            <h2>"新增参数版本"</h2>
                            <VersionForm author create outcome/>
                        </section>
                    })
                })
            }}
        </Transition>
    }
    .into_any()
}

/// `20%`, `8.5%`: a rate in basis points as a percentage.
fn percent(bp: i64) -> String {
    let text = PolicyVersionForm::from_figures(&PolicyFigures {
        pension_rate_bp: bp,
        ..PolicyFigures::DEFAULTS
    })
    .pension_rate_percent;
    format!("{text}%")
}

#[component]
fn VersionTable(rows: Vec<PolicyVersionView>) -> impl IntoView {
    view! {
        <div class="table-wrap">
            <table id="policy-versions">
                <thead><tr>
                    <th>"版本"</th><th>"适用范围"</th><th>"生效日期"</th><th>"失效日期"</th>
                    <th class="num">"全省在岗职工年平均工资（元）"</th><th class="num">"缴费基数下限 / 上限"</th>
                    <th class="num">"养老 / 医疗费率"</th><th class="num">"交通补助上限（元）"</th>
                    <th class="num">"社保补贴比例"</th><th class="num">"最长月数"</th>
                    <th class="num">"一次性吸纳就业补贴（元）"</th><th class="num">"用工单位社保补贴（元/月）"</th>
                    <th class="num">"培训 / 创业培训 / 技能鉴定补贴（元/人）"</th>
                    <th class="num">"服务站补贴（元/人/年）"</th>
                    <th>"说明"</th><th>"状态"</th>
                </tr></thead>
                <tbody>
                    {rows.into_iter().map(|v| {
                        let f = v.figures;
                        view! {
                            <tr id=format!("version-{}", v.id) data-version=v.id data-county=v.county_code.clone().unwrap_or_default()
                                class=if v.in_force { "in-force" } else { "" }>
                                <td>{format!("#{}", v.id)}</td>
                                <td>{v.scope_label.clone()}</td>
                                <td>{v.effective_from.clone()}</td>
                                <td>{v.effective_to.clone().unwrap_or_else(|| "—".to_string())}</td>
                                <td class="num">{Fen(f.annual_average_wage_fen).to_string()}</td>
                                <td class="num">{format!("{}% / {}%", f.base_floor_percent, f.base_ceiling_percent)}</td>
                                <td class="num">{format!("{} / {}", percent(f.pension_rate_bp), percent(f.medical_rate_bp))}</td>
                                <td class="num">{Fen(f.transport_cap_fen).to_string()}</td>
                                <td class="num">{format!("{}/{}", f.insurance_share_numerator, f.insurance_share_denominator)}</td>
                                <td class="num">{f.insurance_max_months}</td>
                                <td class="num">{Fen(f.employer_hiring_fen).to_string()}</td>
                                <td class="num">{Fen(f.employer_insurance_monthly_fen).to_string()}</td>
                                <td class="num">{format!("{} / {} / {}", Fen(f.training_per_person_fen), Fen(f.entrepreneurship_training_fen), Fen(f.skill_appraisal_fen))}</td>
                                <td class="num">{Fen(f.station_service_fen).to_string()}</td>
                                <td class="wrap">{v.note.clone()}</td>
                                <td>{if v.in_force {
                                    view! { <span class="badge verified in-force">"现行"</span> }.into_any()
                                } else {
                                    view! { <span class="badge">"非现行"</span> }.into_any()
                                }}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

#[component]
fn VersionForm(
    author: Author,
    create: ServerAction<CreatePolicyVersion>,
    outcome: Memo<Option<FormOutcome>>,
) -> impl IntoView {
    let defaults = PolicyVersionForm::from_figures(&PolicyFigures::DEFAULTS);
    let scope = match author {
        Author::Admin(choices) => view! {
            <Field id="pv-county" name="county_code" label="适用范围" outcome>
                <select id="pv-county" name="county_code">
                    <option value="" selected>"临汾市（全市通用）"</option>
                    {choices.into_iter().map(|c| view! {
                        <option value=c.code.clone()>{format!("{}（{}）", c.name, c.code)}</option>
                    }).collect_view()}
                </select>
            </Field>
        }
        .into_any(),
        Author::Promoter { code, name } => view! {
            <Field id="pv-county" name="county_code" label="适用范围（本县）" outcome>
                <input id="pv-county" name="county_code" readonly value=code.clone()/>
                <small class="muted hint">{format!("{name}（{code}）：推广人员只能为本县设定参数。")}</small>
            </Field>
        }
        .into_any(),
    };
    view! {
        <p class="muted">"以下预填为政策默认值，请按当年公布的数字修改。金额单位为元，费率为百分数（可带两位小数）。"</p>
        <ActionForm action=create attr:class="form" attr:id="create-policy-version">
            {scope}
            <Field id="pv-from" name="effective_from" label="生效日期" outcome>
                <input id="pv-from" name="effective_from" type="date" required/>
            </Field>
            <Field id="pv-to" name="effective_to" label="失效日期（不填为直到被新版本取代）" outcome>
                <input id="pv-to" name="effective_to" type="date"/>
            </Field>
            <Field id="pv-wage" name="annual_average_wage_yuan" label="全省在岗职工年平均工资（元）" outcome>
                <input id="pv-wage" name="annual_average_wage_yuan" type="number" required min="0.01" step="0.01"
                    value=defaults.annual_average_wage_yuan.clone()/>
            </Field>
            <Field id="pv-floor" name="base_floor_percent" label="缴费基数下限（月平均工资的 %）" outcome>
                <input id="pv-floor" name="base_floor_percent" type="number" required min="1" max="1000" step="1"
                    value=defaults.base_floor_percent.clone()/>
            </Field>
            <Field id="pv-ceiling" name="base_ceiling_percent" label="缴费基数上限（月平均工资的 %）" outcome>
                <input id="pv-ceiling" name="base_ceiling_percent" type="number" required min="1" max="1000" step="1"
                    value=defaults.base_ceiling_percent.clone()/>
            </Field>
            <Field id="pv-pension" name="pension_rate_percent" label="灵活就业养老保险费率（%）" outcome>
                <input id="pv-pension" name="pension_rate_percent" type="number" required min="0" max="100" step="0.01"
                    value=defaults.pension_rate_percent.clone()/>
            </Field>
            <Field id="pv-medical" name="medical_rate_percent" label="灵活就业医疗保险费率（%）" outcome>
                <input id="pv-medical" name="medical_rate_percent" type="number" required min="0" max="100" step="0.01"
                    value=defaults.medical_rate_percent.clone()/>
            </Field>
            <Field id="pv-transport" name="transport_cap_yuan" label="一次性交通补助上限（元/人/年）" outcome>
                <input id="pv-transport" name="transport_cap_yuan" type="number" required min="0" step="0.01"
                    value=defaults.transport_cap_yuan.clone()/>
            </Field>
            <Field id="pv-share" name="insurance_share" label="社会保险补贴比例（实缴的几分之几，如 2/3）" outcome>
                <input id="pv-share" name="insurance_share" required maxlength="11" pattern="[0-9]+/[0-9]+"
                    value=defaults.insurance_share.clone()/>
            </Field>
            <Field id="pv-months" name="insurance_max_months" label="社会保险补贴最长月数" outcome>
                <input id="pv-months" name="insurance_max_months" type="number" required min="0" max="120" step="1"
                    value=defaults.insurance_max_months.clone()/>
            </Field>
            <Field id="pv-hiring" name="employer_hiring_yuan" label="用工单位一次性吸纳就业补贴（元/人，0 为未设定）" outcome>
                <input id="pv-hiring" name="employer_hiring_yuan" type="number" required min="0" step="0.01"
                    value=defaults.employer_hiring_yuan.clone()/>
            </Field>
            <Field id="pv-employer-insurance" name="employer_insurance_monthly_yuan" label="用工单位社会保险补贴（元/人/月，0 为未设定）" outcome>
                <input id="pv-employer-insurance" name="employer_insurance_monthly_yuan" type="number" required min="0" step="0.01"
                    value=defaults.employer_insurance_monthly_yuan.clone()/>
            </Field>
            <Field id="pv-training" name="training_per_person_yuan" label="职业培训补贴（元/人，免费培训合格）" outcome>
                <input id="pv-training" name="training_per_person_yuan" type="number" required min="0" step="0.01"
                    value=defaults.training_per_person_yuan.clone()/>
            </Field>
            <Field id="pv-entrepreneurship" name="entrepreneurship_training_yuan" label="创业培训补贴（元/人）" outcome>
                <input id="pv-entrepreneurship" name="entrepreneurship_training_yuan" type="number" required min="0" step="0.01"
                    value=defaults.entrepreneurship_training_yuan.clone()/>
            </Field>
            <Field id="pv-appraisal" name="skill_appraisal_yuan" label="技能鉴定补贴（元/人，取得证书）" outcome>
                <input id="pv-appraisal" name="skill_appraisal_yuan" type="number" required min="0" step="0.01"
                    value=defaults.skill_appraisal_yuan.clone()/>
            </Field>
            <Field id="pv-station" name="station_service_yuan" label="服务站就业服务补贴（元/人/年，上限）" outcome>
                <input id="pv-station" name="station_service_yuan" type="number" required min="0" step="0.01"
                    value=defaults.station_service_yuan.clone()/>
            </Field>
            <Field id="pv-note" name="note" label="说明（如 文件文号，可不填）" outcome>
                <input id="pv-note" name="note" maxlength="200"/>
            </Field>
            <p class="form-error" role="alert" id="policy-version-error">{general_message(outcome, VERSION_FIELDS)}</p>
            <p class="success" role="status" id="policy-version-result">
                {move || matches!(outcome.get(), Some(FormOutcome::Done)).then_some("已新增参数版本。")}
            </p>
            <button type="submit" class="button primary" disabled=move || create.pending().get()>"新增版本"</button>
        </ActionForm>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_read_as_percentages() {
        assert_eq!(percent(2000), "20%");
        assert_eq!(percent(850), "8.50%");
    }
}
