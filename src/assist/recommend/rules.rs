//! The rules over the whole answer, in the order they apply, by the names
//! `data/guidelines/coverage.toml` lists them under.

use super::circulatory::{
    an_elevated_reading_is_no_hypertension, atherosclerosis_with_its_angina, hypertensive_heart,
    myocardial_infarction_of_the_stated_type, one_hypertensive_combination,
    secondary_hypertension_as_documented, sequela_of_a_past_cerebrovascular_event,
};
use super::denied::{
    no_finding_no_provider_addressed, no_written_code_for_an_unsaid_condition,
    nothing_the_provider_says_it_is_not, nothing_the_question_denies,
};
use super::encounters::{
    a_bmi_goes_with_its_weight_diagnosis, a_cancelled_procedure_is_z53, a_complication_treated_now,
    a_kidney_transplant_with_no_complication, a_negative_hiv_result_visit_is_counseling,
    a_read_test_s_diagnosis_not_its_symptoms, aftercare_of_a_joint_replacement,
    an_examination_with_abnormal_findings, an_opioid_treating_its_dependence,
    corrected_malformation_is_history, long_term_drugs_as_named,
    no_aftercare_code_for_a_device_complication, no_disease_beside_its_contact_code,
    no_status_its_aftercare_names, no_status_post_without_bearing_on_the_stay,
    no_therapy_encounter_the_question_does_not_say, nothing_that_has_resolved,
    scales_as_documented, the_postoperative_diagnosis, the_replaced_joint_in_its_complication,
    the_transplant_in_its_complication, what_another_person_has_is_a_contact,
};
use super::endocrine::{diabetes_of_the_stated_type, drug_induced_diabetes};
use super::gives_way::{
    excluded_by_the_answer, no_catch_all_entry_beside_the_line_that_names_it,
    no_condition_a_combination_line_names_with, no_line_another_of_its_category_says_more_of,
    no_other_beside_its_named_sibling, one_line_for_two_of_its_category,
    specified_over_unspecified, symptoms_the_answer_explains, the_drug_reaction_as_named,
};
use super::infections::{
    an_organism_the_condition_names, hiv_disease_or_status,
    no_urinary_infection_of_no_site_beside_its_site, severe_sepsis_as_documented,
    staphylococcus_aureus_as_the_infection_s_cause, the_organism_its_note_asks_for,
};
use super::injury::{
    a_healed_osteoporotic_fracture_is_history, a_pathologic_fracture_is_no_injury,
    a_perpetrator_only_of_abuse, an_injury_treated_in_this_stay_is_initial,
    an_osteoporotic_fracture, burns_of_the_stated_degree, each_manifestation_of_a_poisoning,
    external_causes_of_this_encounter, fracture_healing_as_stated, highest_degree_of_each_burn,
    loss_of_consciousness_as_documented, no_aftercare_code_for_an_injury,
    no_cataclysm_without_its_injury, no_external_cause_a_drug_code_holds,
    no_superficial_injury_beside_a_worse, open_fracture_as_documented, sequela_of_an_old_injury,
    the_injury_under_aftercare,
};
use super::mental::{
    a_medical_condition_is_no_alcohol_induced_disorder,
    a_mental_disorder_due_to_a_physiological_condition, dementia_at_its_highest_severity,
    dementia_with_the_disease_that_causes_it, one_pattern_of_use,
};
use super::neoplasm::{
    a_receptor_status_beside_its_malignancy, an_implant_lymphoma_is_no_implant_complication,
    disseminated_only_without_known_sites, history_of_an_eradicated_malignancy,
    no_ill_defined_site_beside_a_defined_one, one_code_for_a_lesion_across_sites,
    remission_as_documented, uncertain_behaviour_needs_histology,
};
use super::order::{
    a_malignancy_before_its_symptoms, in_reporting_order, not_first_when_it_arose_after_admission,
};
use super::pain::{
    a_pain_code_when_the_encounter_is_for_pain_control, neoplasm_related_pain,
    no_code_for_expected_postoperative_pain, no_pain_code_when_the_procedure_treats_its_cause,
    postoperative_pain_acute_unless_chronic,
};
use super::pregnancy::{
    a_post_term_pregnancy_is_no_routine_visit, a_pregnant_patient_s_condition_from_chapter_15,
    a_stillbirth_is_coded_alone, every_delivery_with_its_outcome,
    gestational_diabetes_by_its_treatment, in_childbirth_when_delivered,
    in_the_puerperium_after_delivery, no_newborn_code_on_the_mother_s_record,
    no_routine_supervision_beside_a_pregnancy_condition, no_weeks_of_gestation_after_the_pregnancy,
    normal_delivery_only_when_uncomplicated, pre_existing_hypertension_with_heart_or_kidney,
    the_birth_record_starts_with_z38, the_reason_for_the_delivery_admission_first,
};
use super::pressure_ulcers::{
    a_healed_pressure_ulcer_is_not_coded, pressure_ulcer_stage_as_documented,
};
use super::sides::{
    both_sides, each_code_on_the_side_said_with_it, each_eyelid_named, each_site_its_entry_names,
    glaucoma_by_eye_and_stage, hemiplegia_by_side_and_dominance, one_bilateral_code,
    the_highest_glaucoma_stage,
};
use super::Answering;
use crate::assist::diabetes;
use crate::assist::external;
use crate::assist::focus;
use crate::assist::uncertain;
use crate::domain::Recommendation;

/// A rule applied to the whole answer once every code is in, by the name
/// `data/guidelines/coverage.toml` lists it under the guideline items it enforces.
pub struct AnswerRule {
    pub name: &'static str,
    pub(super) pass: fn(&Answering, Vec<Recommendation>) -> Vec<Recommendation>,
}

/// In the order they apply: codes replaced or split first (each side, a combination), then
/// codes that give way to others of the answer, then the order of the codes.
pub static ANSWER_RULES: [AnswerRule; 122] = [
    AnswerRule {
        name: "nothing_the_work_up_ruled_out",
        pass: |a, p| uncertain::nothing_the_work_up_ruled_out(a.icd, a.text, p),
    },
    AnswerRule {
        name: "established_at_discharge",
        pass: |a, p| uncertain::established_at_discharge(a.icd, a.index, a.search, a.text, p),
    },
    AnswerRule {
        name: "a_healed_pressure_ulcer_is_not_coded",
        pass: |a, p| a_healed_pressure_ulcer_is_not_coded(a.icd, a.text, p),
    },
    AnswerRule {
        name: "pressure_ulcer_stage_as_documented",
        pass: |a, p| pressure_ulcer_stage_as_documented(a.icd, a.text, p),
    },
    AnswerRule {
        name: "myocardial_infarction_of_the_stated_type",
        pass: |a, p| myocardial_infarction_of_the_stated_type(a.icd, a.text, p),
    },
    AnswerRule {
        name: "postoperative_pain_acute_unless_chronic",
        pass: |a, p| postoperative_pain_acute_unless_chronic(a.icd, a.text, p),
    },
    AnswerRule {
        name: "no_code_for_expected_postoperative_pain",
        pass: |a, p| no_code_for_expected_postoperative_pain(a.text, p),
    },
    AnswerRule {
        name: "a_read_test_s_diagnosis_not_its_symptoms",
        pass: |a, p| a_read_test_s_diagnosis_not_its_symptoms(a.text, p),
    },
    AnswerRule {
        name: "neoplasm_related_pain",
        pass: |a, p| neoplasm_related_pain(a.icd, a.text, p),
    },
    AnswerRule {
        name: "a_mental_disorder_due_to_a_physiological_condition",
        pass: |a, p| a_mental_disorder_due_to_a_physiological_condition(a.icd, a.text, p),
    },
    AnswerRule {
        name: "the_highest_glaucoma_stage",
        pass: |a, p| the_highest_glaucoma_stage(a.icd, a.text, p),
    },
    AnswerRule {
        name: "each_code_on_the_side_said_with_it",
        pass: |a, p| each_code_on_the_side_said_with_it(a.icd, a.text, p),
    },
    AnswerRule {
        name: "each_side_of_a_bilateral_condition",
        pass: |a, p| both_sides(a.icd, a.search, a.q, a.text, p),
    },
    AnswerRule {
        name: "drug_induced_diabetes",
        pass: |a, p| drug_induced_diabetes(a.icd, a.text, p),
    },
    AnswerRule {
        name: "hypertensive_heart_disease",
        pass: |a, p| hypertensive_heart(a.icd, a.text, p),
    },
    AnswerRule {
        name: "secondary_hypertension_as_documented",
        pass: |a, p| secondary_hypertension_as_documented(a.icd, a.text, p),
    },
    AnswerRule {
        name: "one_hypertensive_combination",
        pass: |a, p| one_hypertensive_combination(a.icd, p),
    },
    AnswerRule {
        name: "atherosclerosis_with_its_angina",
        pass: |a, p| atherosclerosis_with_its_angina(a.icd, a.text, p),
    },
    AnswerRule {
        name: "pre_existing_hypertension_with_heart_or_kidney",
        pass: |a, p| pre_existing_hypertension_with_heart_or_kidney(a.icd, p),
    },
    AnswerRule {
        name: "one_code_for_a_lesion_across_sites",
        pass: |a, p| one_code_for_a_lesion_across_sites(a.icd, a.text, p),
    },
    AnswerRule {
        name: "one_line_for_two_of_its_category",
        pass: |a, p| one_line_for_two_of_its_category(a.icd, p),
    },
    AnswerRule {
        name: "no_line_another_of_its_category_says_more_of",
        pass: |a, p| no_line_another_of_its_category_says_more_of(a.icd, p),
    },
    AnswerRule {
        name: "no_condition_a_combination_line_names_with",
        pass: |a, p| no_condition_a_combination_line_names_with(a.icd, p),
    },
    AnswerRule {
        name: "nothing_the_question_denies",
        pass: |a, p| nothing_the_question_denies(a.icd, a.text, p),
    },
    AnswerRule {
        name: "diabetes_of_the_stated_type",
        pass: |a, p| diabetes_of_the_stated_type(a.icd, a.text, p),
    },
    AnswerRule {
        name: "each_diabetic_complication",
        pass: |a, p| diabetes::each_complication(a.icd, a.index, a.search, a.q, p),
    },
    AnswerRule {
        name: "severe_sepsis_as_documented",
        pass: |a, p| severe_sepsis_as_documented(a.icd, a.text, p),
    },
    AnswerRule {
        name: "staphylococcus_aureus_as_the_infection_s_cause",
        pass: |a, p| staphylococcus_aureus_as_the_infection_s_cause(a.icd, p),
    },
    AnswerRule {
        name: "hiv_disease_or_status",
        pass: |a, p| hiv_disease_or_status(a.icd, a.text, p),
    },
    AnswerRule {
        name: "no_external_cause_a_drug_code_holds",
        pass: |_, p| no_external_cause_a_drug_code_holds(p),
    },
    AnswerRule {
        name: "no_ill_defined_site_beside_a_defined_one",
        pass: |_, p| no_ill_defined_site_beside_a_defined_one(p),
    },
    AnswerRule {
        name: "no_urinary_infection_of_no_site_beside_its_site",
        pass: |_, p| no_urinary_infection_of_no_site_beside_its_site(p),
    },
    AnswerRule {
        name: "the_postoperative_diagnosis",
        pass: |a, p| the_postoperative_diagnosis(a.icd, a.text, p),
    },
    AnswerRule {
        name: "each_site_its_entry_names",
        pass: |a, p| each_site_its_entry_names(a.icd, a.entries, p),
    },
    AnswerRule {
        name: "glaucoma_by_eye_and_stage",
        pass: |a, p| glaucoma_by_eye_and_stage(a.icd, a.text, p),
    },
    AnswerRule {
        name: "each_eyelid_named",
        pass: |a, p| each_eyelid_named(a.icd, a.text, p),
    },
    AnswerRule {
        name: "one_bilateral_code",
        pass: |a, p| one_bilateral_code(a.icd, a.text, p),
    },
    AnswerRule {
        name: "hemiplegia_by_side_and_dominance",
        pass: |a, p| hemiplegia_by_side_and_dominance(a.icd, a.text, p),
    },
    AnswerRule {
        name: "a_pathologic_fracture_is_no_injury",
        pass: |a, p| a_pathologic_fracture_is_no_injury(a.icd, a.text, p),
    },
    AnswerRule {
        name: "an_osteoporotic_fracture",
        pass: |a, p| an_osteoporotic_fracture(a.icd, a.text, p),
    },
    AnswerRule {
        name: "a_healed_osteoporotic_fracture_is_history",
        pass: |a, p| a_healed_osteoporotic_fracture_is_history(a.icd, a.text, p),
    },
    AnswerRule {
        name: "a_bmi_goes_with_its_weight_diagnosis",
        pass: |a, p| a_bmi_goes_with_its_weight_diagnosis(a.icd, a.entries, p),
    },
    AnswerRule {
        name: "a_pain_code_when_the_encounter_is_for_pain_control",
        pass: |a, p| a_pain_code_when_the_encounter_is_for_pain_control(a.icd, a.text, p),
    },
    AnswerRule {
        name: "no_pain_code_when_the_procedure_treats_its_cause",
        pass: |a, p| no_pain_code_when_the_procedure_treats_its_cause(a.icd, a.text, p),
    },
    AnswerRule {
        name: "a_cancelled_procedure_is_z53",
        pass: |a, p| a_cancelled_procedure_is_z53(a.icd, a.text, p),
    },
    AnswerRule {
        name: "fracture_healing_as_stated",
        pass: |a, p| fracture_healing_as_stated(a.icd, a.text, p),
    },
    AnswerRule {
        name: "corrected_malformation_is_history",
        pass: |a, p| corrected_malformation_is_history(a.icd, a.text, p),
    },
    AnswerRule {
        name: "sequela_of_a_past_cerebrovascular_event",
        pass: |a, p| sequela_of_a_past_cerebrovascular_event(a.icd, a.search, a.q, a.text, p),
    },
    AnswerRule {
        name: "sequela_of_an_old_injury",
        pass: |a, p| sequela_of_an_old_injury(a.icd, a.text, p),
    },
    AnswerRule {
        name: "a_resolved_condition_is_history",
        pass: |a, p| {
            super::sequelae::a_resolved_condition_is_history(a.icd, a.index, a.search, a.text, p)
        },
    },
    AnswerRule {
        name: "nothing_that_has_resolved",
        pass: |a, p| nothing_that_has_resolved(a.icd, a.text, p),
    },
    AnswerRule {
        name: "no_status_post_without_bearing_on_the_stay",
        pass: |a, p| no_status_post_without_bearing_on_the_stay(a.text, p),
    },
    AnswerRule {
        name: "no_status_its_aftercare_names",
        pass: |a, p| no_status_its_aftercare_names(a.icd, p),
    },
    AnswerRule {
        name: "a_present_condition_is_no_history",
        pass: |a, p| {
            super::sequelae::a_present_condition_is_no_history(a.icd, a.index, a.search, a.text, p)
        },
    },
    AnswerRule {
        name: "each_manifestation_of_a_poisoning",
        pass: |a, p| each_manifestation_of_a_poisoning(a.icd, a.index, a.search, a.text, p),
    },
    AnswerRule {
        name: "the_sequela_of_its_cause",
        pass: |a, p| super::sequelae::the_sequela_of_its_cause(a.icd, a.index, a.search, a.text, p),
    },
    AnswerRule {
        name: "open_fracture_as_documented",
        pass: |a, p| open_fracture_as_documented(a.icd, a.text, p),
    },
    AnswerRule {
        name: "a_kidney_transplant_with_no_complication",
        pass: |a, p| a_kidney_transplant_with_no_complication(a.icd, a.text, p),
    },
    AnswerRule {
        name: "history_of_an_eradicated_malignancy",
        pass: |a, p| history_of_an_eradicated_malignancy(a.icd, a.text, p),
    },
    AnswerRule {
        name: "a_receptor_status_beside_its_malignancy",
        pass: |_, p| a_receptor_status_beside_its_malignancy(p),
    },
    AnswerRule {
        name: "uncertain_behaviour_needs_histology",
        pass: |a, p| uncertain_behaviour_needs_histology(a.text, p),
    },
    AnswerRule {
        name: "a_negative_hiv_result_visit_is_counseling",
        pass: |a, p| a_negative_hiv_result_visit_is_counseling(a.icd, a.text, p),
    },
    AnswerRule {
        name: "disseminated_only_without_known_sites",
        pass: |a, p| disseminated_only_without_known_sites(a.icd, p),
    },
    AnswerRule {
        name: "an_implant_lymphoma_is_no_implant_complication",
        pass: |a, p| an_implant_lymphoma_is_no_implant_complication(a.icd, a.text, p),
    },
    AnswerRule {
        name: "a_medical_condition_is_no_alcohol_induced_disorder",
        pass: |a, p| a_medical_condition_is_no_alcohol_induced_disorder(a.icd, p),
    },
    AnswerRule {
        name: "one_pattern_of_use",
        pass: |_, p| one_pattern_of_use(p),
    },
    AnswerRule {
        name: "highest_degree_of_each_burn",
        pass: |_, p| highest_degree_of_each_burn(p),
    },
    AnswerRule {
        name: "specified_over_unspecified",
        pass: |a, p| specified_over_unspecified(a.icd, p),
    },
    AnswerRule {
        name: "dementia_with_the_disease_that_causes_it",
        pass: |a, p| dementia_with_the_disease_that_causes_it(a.icd, a.entries, a.text, p),
    },
    AnswerRule {
        name: "dementia_at_its_highest_severity",
        pass: |_, p| dementia_at_its_highest_severity(p),
    },
    AnswerRule {
        name: "an_elevated_reading_is_no_hypertension",
        pass: |a, p| an_elevated_reading_is_no_hypertension(a.icd, a.text, p),
    },
    AnswerRule {
        name: "a_perpetrator_only_of_abuse",
        pass: |a, p| a_perpetrator_only_of_abuse(a.text, p),
    },
    AnswerRule {
        name: "an_opioid_treating_its_dependence",
        pass: |a, p| an_opioid_treating_its_dependence(a.text, p),
    },
    AnswerRule {
        name: "an_examination_with_abnormal_findings",
        pass: |a, p| an_examination_with_abnormal_findings(a.icd, a.text, p),
    },
    AnswerRule {
        name: "remission_as_documented",
        pass: |a, p| remission_as_documented(a.icd, a.text, p),
    },
    AnswerRule {
        name: "loss_of_consciousness_as_documented",
        pass: |a, p| loss_of_consciousness_as_documented(a.icd, a.text, p),
    },
    AnswerRule {
        name: "an_injury_treated_in_this_stay_is_initial",
        pass: |a, p| an_injury_treated_in_this_stay_is_initial(a.icd, a.text, a.q.encounter, p),
    },
    AnswerRule {
        name: "the_transplant_in_its_complication",
        pass: |a, p| the_transplant_in_its_complication(a.text, p),
    },
    AnswerRule {
        name: "the_replaced_joint_in_its_complication",
        pass: |a, p| the_replaced_joint_in_its_complication(a.icd, p),
    },
    AnswerRule {
        name: "a_complication_treated_now",
        pass: |a, p| a_complication_treated_now(a.icd, a.text, p),
    },
    AnswerRule {
        name: "the_organism_its_note_asks_for",
        pass: |a, p| the_organism_its_note_asks_for(a.icd, a.q, p),
    },
    AnswerRule {
        name: "an_organism_the_condition_names",
        pass: |a, p| an_organism_the_condition_names(a.icd, p),
    },
    AnswerRule {
        name: "symptoms_the_answer_explains",
        pass: |a, p| symptoms_the_answer_explains(a.icd, a.text, p),
    },
    AnswerRule {
        name: "excluded_by_the_answer",
        pass: |a, p| excluded_by_the_answer(a.icd, a.text, p),
    },
    AnswerRule {
        name: "the_drug_reaction_as_named",
        pass: |a, p| the_drug_reaction_as_named(a.icd, p),
    },
    AnswerRule {
        name: "aftercare_of_a_joint_replacement",
        pass: |a, p| aftercare_of_a_joint_replacement(a.icd, a.text, p),
    },
    AnswerRule {
        name: "no_aftercare_code_for_an_injury",
        pass: |a, p| no_aftercare_code_for_an_injury(the_injury_under_aftercare(a, p)),
    },
    AnswerRule {
        name: "no_aftercare_code_for_a_device_complication",
        pass: |_, p| no_aftercare_code_for_a_device_complication(p),
    },
    AnswerRule {
        name: "diagnostic_not_screening",
        pass: |a, p| focus::diagnostic_not_screening(a.text, p),
    },
    AnswerRule {
        name: "no_superficial_injury_beside_a_worse",
        pass: |a, p| no_superficial_injury_beside_a_worse(a.icd, p),
    },
    AnswerRule {
        name: "a_post_term_pregnancy_is_no_routine_visit",
        pass: |a, p| a_post_term_pregnancy_is_no_routine_visit(a.icd, a.text, p),
    },
    AnswerRule {
        name: "no_routine_supervision_beside_a_pregnancy_condition",
        pass: |_, p| no_routine_supervision_beside_a_pregnancy_condition(p),
    },
    AnswerRule {
        name: "in_childbirth_when_delivered",
        pass: |a, p| in_childbirth_when_delivered(a.icd, a.text, p),
    },
    AnswerRule {
        name: "in_the_puerperium_after_delivery",
        pass: |a, p| in_the_puerperium_after_delivery(a.icd, a.text, p),
    },
    AnswerRule {
        name: "the_birth_record_starts_with_z38",
        pass: |a, p| the_birth_record_starts_with_z38(a.icd, a.text, p),
    },
    AnswerRule {
        name: "no_newborn_code_on_the_mother_s_record",
        pass: |_, p| no_newborn_code_on_the_mother_s_record(p),
    },
    AnswerRule {
        name: "no_weeks_of_gestation_after_the_pregnancy",
        pass: |_, p| no_weeks_of_gestation_after_the_pregnancy(p),
    },
    AnswerRule {
        name: "a_stillbirth_is_coded_alone",
        pass: |_, p| a_stillbirth_is_coded_alone(p),
    },
    AnswerRule {
        name: "every_delivery_with_its_outcome",
        pass: |a, p| every_delivery_with_its_outcome(a.icd, a.text, p),
    },
    AnswerRule {
        name: "normal_delivery_only_when_uncomplicated",
        pass: |_, p| normal_delivery_only_when_uncomplicated(p),
    },
    AnswerRule {
        name: "gestational_diabetes_by_its_treatment",
        pass: |a, p| gestational_diabetes_by_its_treatment(a.icd, a.text, p),
    },
    AnswerRule {
        name: "long_term_drugs_as_named",
        pass: |a, p| long_term_drugs_as_named(a.text, p),
    },
    AnswerRule {
        name: "scales_as_documented",
        pass: |a, p| scales_as_documented(a.text, p),
    },
    AnswerRule {
        name: "burns_of_the_stated_degree",
        pass: |a, p| burns_of_the_stated_degree(a.icd, a.text, p),
    },
    AnswerRule {
        name: "external_cause_of_the_stated_intent",
        pass: |a, p| external::intent_as_stated(a.icd, a.external, a.text, p),
    },
    AnswerRule {
        name: "a_pregnant_patient_s_condition_from_chapter_15",
        pass: |a, p| a_pregnant_patient_s_condition_from_chapter_15(a.icd, a.index, a.text, p),
    },
    AnswerRule {
        name: "no_cataclysm_without_its_injury",
        pass: |_, p| no_cataclysm_without_its_injury(p),
    },
    AnswerRule {
        name: "no_therapy_encounter_the_question_does_not_say",
        pass: |a, p| no_therapy_encounter_the_question_does_not_say(a.text, p),
    },
    AnswerRule {
        name: "what_another_person_has_is_a_contact",
        pass: |a, p| what_another_person_has_is_a_contact(a.icd, a.index, a.text, p),
    },
    AnswerRule {
        name: "no_disease_beside_its_contact_code",
        pass: |a, p| no_disease_beside_its_contact_code(a.icd, p),
    },
    AnswerRule {
        name: "no_other_beside_its_named_sibling",
        pass: |a, p| no_other_beside_its_named_sibling(a.icd, a.text, p),
    },
    AnswerRule {
        name: "no_catch_all_entry_beside_the_line_that_names_it",
        pass: |a, p| no_catch_all_entry_beside_the_line_that_names_it(a.icd, a.entries, p),
    },
    AnswerRule {
        name: "external_causes_of_this_encounter",
        pass: |a, p| external_causes_of_this_encounter(a.icd, p, a.q.encounter),
    },
    AnswerRule {
        name: "nothing_the_provider_says_it_is_not",
        pass: |a, p| nothing_the_provider_says_it_is_not(a.icd, a.text, p),
    },
    AnswerRule {
        name: "no_finding_no_provider_addressed",
        pass: |a, p| no_finding_no_provider_addressed(a.icd, a.text, p),
    },
    AnswerRule {
        name: "no_written_code_for_an_unsaid_condition",
        pass: |a, p| no_written_code_for_an_unsaid_condition(a.icd, a.text, p),
    },
    AnswerRule {
        name: "the_condition_the_stay_is_for",
        pass: |a, p| focus::the_condition_the_stay_is_for(a.icd, a.index, a.search, a.text, p),
    },
    AnswerRule {
        name: "in_reporting_order",
        pass: |a, p| focus::reordered(a.icd, a.text, in_reporting_order(a.icd, p)),
    },
    AnswerRule {
        name: "the_reason_for_the_delivery_admission_first",
        pass: |a, p| the_reason_for_the_delivery_admission_first(a.icd, a.text, p),
    },
    AnswerRule {
        name: "not_first_when_it_arose_after_admission",
        pass: |a, p| not_first_when_it_arose_after_admission(a.icd, a.text, p),
    },
    AnswerRule {
        name: "a_malignancy_before_its_symptoms",
        pass: |a, p| a_malignancy_before_its_symptoms(a.icd, p),
    },
    AnswerRule {
        name: "rehabilitation_for_its_condition",
        pass: |a, p| focus::rehabilitation_for_its_condition(a.text, p),
    },
];
