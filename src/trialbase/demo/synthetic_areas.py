"""The condition areas of the synthetic studies, as text tables (format in ``synthetic_vocab``).

An outcome or criterion that fits only some conditions of its area names them first in brackets:
``> [Heart Failure] time | ...``.

Hand-written: common conditions, treatments a clinician would recognise for each, the outcome
measures and eligibility criteria trials in the area typically use. Nothing here is copied from
real study records.
"""

from __future__ import annotations

_ONCOLOGY = """
@ ONC | Oncology | BC04 Neoplasms | 22 | Drug | an oral small-molecule kinase inhibitor
= Breast Cancer | Breast Neoplasms | FEMALE 18+ | HER2; hormone receptor positive; metastatic breast cancer
- Biological: Trastuzumab deruxtecan | 5.4 mg/kg intravenously every 3 weeks | T-DXd
- Drug: Palbociclib | 125 mg orally once daily, 3 weeks on and 1 week off
- Drug: Letrozole | 2.5 mg orally once daily
- Radiation: Hypofractionated whole-breast radiotherapy | 26 Gy in 5 fractions over one week
= Non-small Cell Lung Cancer | Carcinoma, Non-Small-Cell Lung | ALL 18+ | NSCLC; EGFR mutation; immunotherapy
- Drug: Osimertinib | 80 mg orally once daily
- Biological: Pembrolizumab | 200 mg intravenously every 3 weeks | MK-3475
- Drug: Carboplatin | AUC 5 intravenously on day 1 of each 21-day cycle
- Radiation: Stereotactic body radiotherapy | 54 Gy in 3 fractions to the primary tumour | SBRT
= Prostate Cancer | Prostatic Neoplasms | MALE 40+ | mCRPC; androgen deprivation therapy; PSA
- Drug: Enzalutamide | 160 mg orally once daily
- Drug: Abiraterone Acetate | 1000 mg orally once daily with prednisone 5 mg twice daily
- Drug: Docetaxel | 75 mg/m2 intravenously every 3 weeks for up to 6 cycles
- Radiation: Intensity-modulated radiation therapy | 78 Gy in 39 fractions to the prostate | IMRT
= Colorectal Cancer | Colorectal Neoplasms | ALL 18+ | colon cancer; rectal cancer; metastatic colorectal \
cancer
- Drug: Oxaliplatin | 85 mg/m2 intravenously every 2 weeks as part of FOLFOX
- Biological: Bevacizumab | 5 mg/kg intravenously every 2 weeks
- Drug: Capecitabine | 1000 mg/m2 orally twice daily on days 1-14 of each 21-day cycle
- Procedure: Laparoscopic colectomy | Minimally invasive resection of the tumour-bearing colon
= Pancreatic Cancer | Pancreatic Neoplasms | ALL 18+ | pancreatic ductal adenocarcinoma; PDAC
- Drug: Gemcitabine | 1000 mg/m2 intravenously on days 1, 8 and 15 of each 28-day cycle
- Drug: Irinotecan | 180 mg/m2 intravenously every 2 weeks as part of FOLFIRINOX
- Procedure: Pancreaticoduodenectomy | Whipple resection after neoadjuvant treatment
= Melanoma | Melanoma | ALL 18+ | BRAF V600; cutaneous melanoma; adjuvant therapy
- Biological: Nivolumab | 480 mg intravenously every 4 weeks
- Biological: Ipilimumab | 3 mg/kg intravenously every 3 weeks for 4 doses
- Drug: Dabrafenib | 150 mg orally twice daily
= Ovarian Cancer | Ovarian Neoplasms | FEMALE 18+ | BRCA; PARP inhibitor; platinum-sensitive
- Drug: Olaparib | 300 mg orally twice daily
- Drug: Paclitaxel | 175 mg/m2 intravenously every 3 weeks
- Drug: Carboplatin | AUC 5 intravenously every 3 weeks
= Hepatocellular Carcinoma | Carcinoma, Hepatocellular | ALL 18+ | HCC; liver cancer
- Biological: Atezolizumab | 1200 mg intravenously every 3 weeks
- Drug: Lenvatinib | 8 or 12 mg orally once daily according to body weight
- Drug: Sorafenib | 400 mg orally twice daily
- Procedure: Transarterial chemoembolization | Selective chemoembolization with drug-eluting beads | TACE
= Multiple Myeloma | Multiple Myeloma | ALL 18+ | relapsed myeloma; autologous stem cell transplant
- Biological: Daratumumab | 1800 mg subcutaneously weekly, then every 2 weeks, then monthly
- Drug: Lenalidomide | 25 mg orally on days 1-21 of each 28-day cycle
- Drug: Bortezomib | 1.3 mg/m2 subcutaneously on days 1, 8, 15 and 22
= Diffuse Large B-cell Lymphoma | Lymphoma, Large B-Cell, Diffuse | ALL 18+ | DLBCL; R-CHOP; CAR-T
- Biological: Rituximab | 375 mg/m2 intravenously on day 1 of each 21-day cycle
- Drug: Cyclophosphamide | 750 mg/m2 intravenously on day 1 of each 21-day cycle
- Genetic: Anti-CD19 CAR T cells | A single infusion of autologous anti-CD19 CAR T cells
= Acute Myeloid Leukemia | Leukemia, Myeloid, Acute | ALL 18+ | AML; FLT3; induction chemotherapy
- Drug: Venetoclax | 400 mg orally once daily after a 3-day ramp-up
- Drug: Azacitidine | 75 mg/m2 subcutaneously on days 1-7 of each 28-day cycle
- Drug: Cytarabine | 100 mg/m2/day by continuous infusion on days 1-7
= Glioblastoma | Glioblastoma | ALL 18+ | GBM; newly diagnosed glioblastoma
- Drug: Temozolomide | 75 mg/m2 daily during radiotherapy, then 150-200 mg/m2 on days 1-5
- Radiation: Radiotherapy | 60 Gy in 30 fractions over 6 weeks
- Device: Tumor treating fields | Alternating electric fields worn at least 18 hours a day
> time | Progression-free survival | Up to 36 months | months | Time from randomization to disease \
progression per RECIST 1.1 or death from any cause.
> time | Overall survival | Up to 60 months | months | Time from randomization to death from any cause.
> count | Objective response rate | Up to 24 months | Participants | Participants with a complete or partial \
response as assessed by blinded independent central review.
> [Breast Cancer; Colorectal Cancer; Pancreatic Cancer] count | Pathologic complete response | At surgery, \
approximately 24 weeks | Participants | Absence of invasive tumour in the resected specimen and regional \
lymph nodes.
+ Histologically or cytologically confirmed {condition}
+ [Breast Cancer; Non-small Cell Lung Cancer; Prostate Cancer; Colorectal Cancer; Pancreatic Cancer; \
Melanoma; Ovarian Cancer; Hepatocellular Carcinoma] At least one measurable lesion per RECIST 1.1
+ ECOG performance status 0 or 1
+ Adequate bone marrow, liver and kidney function
+ Life expectancy of at least 12 weeks
! [Breast Cancer; Non-small Cell Lung Cancer; Prostate Cancer; Colorectal Cancer; Pancreatic Cancer; \
Melanoma; Ovarian Cancer; Hepatocellular Carcinoma] Untreated or symptomatic brain metastases
! Active autoimmune disease requiring systemic treatment in the past 2 years
! Another malignancy within 3 years, except adequately treated non-melanoma skin cancer
! Major surgery within 4 weeks before the first dose
"""

_CARDIOVASCULAR = """
@ CVD | Cardiovascular medicine | BC14 Heart and Blood Diseases | 12 | Drug | an oral once-daily agent
= Heart Failure | Heart Failure | ALL 18+ | HFrEF; HFpEF; NYHA class II-IV
- Drug: Dapagliflozin | 10 mg orally once daily
- Drug: Sacubitril and valsartan | Titrated to 97/103 mg orally twice daily
- Drug: Spironolactone | 25 mg orally once daily
- Behavioral: Nurse-led telemonitoring | Daily weight and symptom reports reviewed by a heart failure nurse
= Atrial Fibrillation | Atrial Fibrillation | ALL 18+ | AF; stroke prevention; rhythm control
- Drug: Apixaban | 5 mg orally twice daily
- Procedure: Catheter ablation | Pulmonary vein isolation by radiofrequency or pulsed field energy
- Device: Left atrial appendage occluder | Percutaneous closure of the left atrial appendage
= Hypertension | Hypertension | ALL 18+ | blood pressure; resistant hypertension
- Drug: Amlodipine | 5-10 mg orally once daily
- Drug: Losartan | 50-100 mg orally once daily
- Drug: Hydrochlorothiazide | 12.5-25 mg orally once daily
- Behavioral: Home blood pressure telemonitoring | Self-measured readings shared weekly with a pharmacist
= Coronary Artery Disease | Coronary Artery Disease | ALL 18+ | CAD; PCI; stable angina
- Drug: Ticagrelor | 90 mg orally twice daily
- Drug: Atorvastatin | 80 mg orally once daily
- Device: Drug-eluting stent | Implantation of an everolimus-eluting coronary stent
- Behavioral: Cardiac rehabilitation | 12 weeks of supervised exercise and education
= Acute Myocardial Infarction | Myocardial Infarction | ALL 18+ | STEMI; acute coronary syndrome
- Drug: Colchicine | 0.5 mg orally once daily
- Procedure: Primary percutaneous coronary intervention | Emergency PCI of the culprit lesion
- Drug: Rosuvastatin | 20 mg orally once daily
= Hypercholesterolemia | Hypercholesterolemia | ALL 18+ | LDL cholesterol; PCSK9
- Biological: Evolocumab | 140 mg subcutaneously every 2 weeks
- Drug: Inclisiran | 284 mg subcutaneously on day 1, day 90, then every 6 months
- Drug: Ezetimibe | 10 mg orally once daily
= Venous Thromboembolism | Venous Thromboembolism | ALL 18+ | deep vein thrombosis; pulmonary embolism
- Drug: Rivaroxaban | 15 mg twice daily for 3 weeks, then 20 mg once daily
- Drug: Enoxaparin | 1 mg/kg subcutaneously twice daily
- Drug: Apixaban | 10 mg twice daily for 7 days, then 5 mg twice daily
> [Hypertension] change | Change from baseline in systolic blood pressure | Baseline and week 12 | mmHg | \
Mean of three seated office measurements.
> [Heart Failure] time | Time to first cardiovascular death or hospitalization for heart failure | Up to 36 \
months | months | Events adjudicated by a blinded clinical events committee.
> [Coronary Artery Disease; Acute Myocardial Infarction; Hypercholesterolemia] count | Participants with \
major adverse cardiovascular events | Up to 24 months | Participants | Cardiovascular death, myocardial \
infarction or stroke.
> [Hypercholesterolemia; Coronary Artery Disease] change | Percent change in LDL cholesterol | Baseline and \
week 24 | percent change | Measured by a central laboratory after an overnight fast.
> [Venous Thromboembolism] count | Participants with recurrent venous thromboembolism or VTE-related death | \
Month 6 | Participants | Events adjudicated by an independent committee.
> [Atrial Fibrillation] count | Participants with stroke or systemic embolism | Up to 24 months | \
Participants | Events adjudicated by an independent committee.
+ Diagnosis of {condition} documented in the medical record
+ Stable background therapy for at least 4 weeks
+ Estimated glomerular filtration rate of at least 30 mL/min/1.73 m2
! Acute coronary syndrome, stroke or transient ischaemic attack within 3 months, unless studied
! Uncontrolled hypertension (above 180/110 mmHg)
! Severe hepatic impairment
! Pregnancy, breastfeeding or plans to become pregnant
"""

_METABOLIC = """
@ MET | Diabetes, obesity and metabolism | BC18 Nutritional and Metabolic Diseases | 10 | Drug | a weekly \
injectable peptide
= Type 2 Diabetes | Diabetes Mellitus, Type 2 | ALL 18+ | T2DM; HbA1c; glycemic control
- Drug: Metformin | Up to 2000 mg orally per day in divided doses
- Drug: Semaglutide | Titrated to 1 mg subcutaneously once weekly
- Drug: Tirzepatide | Titrated to 15 mg subcutaneously once weekly
- Drug: Empagliflozin | 10 mg orally once daily
- Behavioral: Diabetes self-management education | Eight group sessions led by a diabetes educator
= Type 1 Diabetes | Diabetes Mellitus, Type 1 | ALL 6+ | T1D; continuous glucose monitoring
- Drug: Insulin Glargine | Once-daily basal insulin titrated to fasting glucose
- Device: Closed-loop insulin delivery system | Hybrid closed-loop pump with a glucose sensor
- Biological: Teplizumab | 14-day intravenous course
= Obesity | Obesity | ALL 18+ | weight loss; BMI
- Drug: Semaglutide | Titrated to 2.4 mg subcutaneously once weekly
- Behavioral: Intensive lifestyle intervention | Diet and physical activity coaching for 12 months
- Procedure: Sleeve gastrectomy | Laparoscopic vertical sleeve gastrectomy
= Nonalcoholic Steatohepatitis | Non-alcoholic Fatty Liver Disease | ALL 18+ | NASH; MASH; liver fibrosis
- Drug: Resmetirom | 80 or 100 mg orally once daily
- Drug: Pioglitazone | 30 mg orally once daily
- Dietary Supplement: Vitamin E | 800 IU orally once daily
= Postmenopausal Osteoporosis | Osteoporosis, Postmenopausal | FEMALE 50+ | bone mineral density; fracture
- Biological: Denosumab | 60 mg subcutaneously every 6 months
- Drug: Zoledronic Acid | 5 mg intravenously once yearly
- Dietary Supplement: Vitamin D3 | 1000 IU orally once daily | cholecalciferol
= Hypothyroidism | Hypothyroidism | ALL 18+ | levothyroxine; TSH
- Drug: Levothyroxine | Individually titrated oral dose once daily
- Drug: Liothyronine | 5-10 micrograms orally once daily added to levothyroxine
> [Type 2 Diabetes; Type 1 Diabetes] change | Change from baseline in HbA1c | Baseline and week 26 | \
percentage of HbA1c | Glycated haemoglobin measured by a central laboratory.
> [Obesity; Type 2 Diabetes] change | Percent change in body weight | Baseline and week 68 | percent change \
| Body weight measured in light clothing without shoes.
> [Type 2 Diabetes; Type 1 Diabetes] count | Participants reaching HbA1c below 7% | Week 26 | Participants | \
Central laboratory HbA1c.
> [Postmenopausal Osteoporosis] change | Percent change in lumbar spine bone mineral density | Baseline and \
month 12 | percent change | Measured by dual-energy X-ray absorptiometry.
> [Nonalcoholic Steatohepatitis] count | Participants with steatohepatitis resolution | Week 52 | \
Participants | Liver biopsy read by two blinded pathologists; no worsening of fibrosis.
> [Hypothyroidism] change | Change from baseline in serum TSH | Baseline and week 12 | mIU/L | Central \
laboratory.
+ Diagnosis of {condition} for at least 6 months
+ [Obesity; Type 2 Diabetes; Nonalcoholic Steatohepatitis] Body mass index between 25 and 45 kg/m2, where \
relevant
+ Stable diet and exercise for at least 3 months
! [Type 2 Diabetes; Obesity; Nonalcoholic Steatohepatitis] History of pancreatitis
! [Type 2 Diabetes; Obesity; Nonalcoholic Steatohepatitis] Personal or family history of medullary thyroid \
carcinoma
! [Type 2 Diabetes; Obesity; Nonalcoholic Steatohepatitis] Use of weight-loss medication within 3 months \
before screening
! [Postmenopausal Osteoporosis] Bisphosphonate treatment within 12 months before screening
! [Postmenopausal Osteoporosis] Uncorrected hypocalcaemia or vitamin D deficiency
! [Type 2 Diabetes; Type 1 Diabetes; Obesity; Nonalcoholic Steatohepatitis; Hypothyroidism] Pregnancy, \
breastfeeding or plans to become pregnant
"""

_INFECTIOUS = """
@ INF | Infectious diseases and vaccines | BC01 Infections | 11 | Biological | an investigational vaccine \
candidate
= COVID-19 | COVID-19 | ALL 18+ | SARS-CoV-2; coronavirus
- Drug: Nirmatrelvir and ritonavir | 300 mg/100 mg orally twice daily for 5 days
- Drug: Remdesivir | 200 mg intravenously on day 1, then 100 mg daily
- Biological: mRNA COVID-19 vaccine | Single intramuscular booster dose
= HIV Infection | HIV Infections | ALL 18+ | HIV-1; antiretroviral therapy; PrEP
- Drug: Bictegravir, emtricitabine and tenofovir alafenamide | One tablet orally once daily
- Drug: Cabotegravir | 600 mg intramuscularly every 2 months
- Drug: Dolutegravir | 50 mg orally once daily
= Chronic Hepatitis B | Hepatitis B, Chronic | ALL 18+ | HBV; HBsAg loss
- Drug: Tenofovir alafenamide | 25 mg orally once daily
- Drug: Entecavir | 0.5 mg orally once daily
- Biological: Peginterferon alfa-2a | 180 micrograms subcutaneously once weekly
= Influenza | Influenza, Human | ALL 6+ | flu; seasonal influenza
- Drug: Oseltamivir | 75 mg orally twice daily for 5 days
- Drug: Baloxavir marboxil | Single oral dose according to body weight
- Biological: Quadrivalent influenza vaccine | Single 0.5 mL intramuscular dose
= Pulmonary Tuberculosis | Tuberculosis, Pulmonary | ALL 14+ | TB; drug-resistant tuberculosis
- Drug: Bedaquiline | 400 mg daily for 2 weeks, then 200 mg three times weekly
- Drug: Pretomanid | 200 mg orally once daily
- Drug: Linezolid | 600 mg orally once daily
= Falciparum Malaria | Malaria, Falciparum | ALL 1+ | Plasmodium falciparum; uncomplicated malaria
- Drug: Artemether and lumefantrine | Six doses over 3 days according to body weight
- Drug: Tafenoquine | Single oral dose
- Biological: Malaria vaccine | Three intramuscular doses one month apart
= Community-acquired Pneumonia | Community-Acquired Pneumonia | ALL 18+ | CAP; antibiotic duration
- Drug: Ceftriaxone | 2 g intravenously once daily
- Drug: Azithromycin | 500 mg orally once daily for 3 days
- Drug: Amoxicillin | 1 g orally three times daily
= Sepsis | Sepsis | ALL 18+ | septic shock; intensive care
- Drug: Hydrocortisone | 50 mg intravenously every 6 hours for 7 days
- Drug: Ascorbic Acid | 1.5 g intravenously every 6 hours for 4 days | Vitamin C
- Drug: Balanced crystalloid solution | Fluid resuscitation with a balanced crystalloid
> [COVID-19; Influenza] time | Time to sustained clinical recovery | Up to day 28 | days | First of two \
consecutive days with all symptoms scored absent or mild.
> [Community-acquired Pneumonia; Sepsis; Pulmonary Tuberculosis; Falciparum Malaria; COVID-19] count | \
Participants with treatment failure | Day 28 | Participants | Death, hospitalization or need for rescue \
treatment.
> [HIV Infection] count | Participants with plasma HIV-1 RNA below 50 copies/mL | Week 48 | Participants | \
FDA snapshot algorithm.
> [COVID-19; Influenza; Falciparum Malaria] change | Geometric mean titre of neutralizing antibodies | Day \
29 | titre | Measured by a validated neutralization assay.
> [Chronic Hepatitis B] count | Participants with HBsAg loss | Week 48 | Participants | Quantitative HBsAg \
below the lower limit of quantification.
> [Pulmonary Tuberculosis] count | Participants with sputum culture conversion | Week 8 | Participants | Two \
consecutive negative liquid cultures.
> [Sepsis; Community-acquired Pneumonia] count | All-cause mortality | Day 28 | Participants | Deaths from \
any cause.
+ Laboratory-confirmed {condition}
+ [COVID-19; Influenza] Symptom onset within 5 days before randomization, where applicable
+ Willing to use effective contraception during the study
! Known hypersensitivity to any component of the study treatment
! Severe renal impairment (eGFR below 30 mL/min/1.73 m2)
! Receipt of another investigational product within 30 days
! Pregnancy or breastfeeding
"""

_RESPIRATORY = """
@ RES | Respiratory medicine | BC08 Respiratory Tract (Lung and Bronchial) Diseases | 7 | Drug | an inhaled \
investigational agent
= Asthma | Asthma | ALL 12+ | severe asthma; eosinophilic asthma
- Biological: Dupilumab | 300 mg subcutaneously every 2 weeks
- Drug: Budesonide and formoterol | 160/4.5 micrograms, two inhalations as needed
- Biological: Mepolizumab | 100 mg subcutaneously every 4 weeks
- Behavioral: Inhaler technique education | Pharmacist-led inhaler coaching at each visit
= Chronic Obstructive Pulmonary Disease | Pulmonary Disease, Chronic Obstructive | ALL 40+ | COPD; \
exacerbations; emphysema
- Drug: Tiotropium | 18 micrograms inhaled once daily
- Drug: Roflumilast | 500 micrograms orally once daily
- Behavioral: Pulmonary rehabilitation | 8 weeks of supervised exercise training
= Idiopathic Pulmonary Fibrosis | Idiopathic Pulmonary Fibrosis | ALL 40+ | IPF; interstitial lung disease; \
FVC
- Drug: Nintedanib | 150 mg orally twice daily
- Drug: Pirfenidone | 801 mg orally three times daily
= Cystic Fibrosis | Cystic Fibrosis | ALL 6+ | CFTR modulator; sweat chloride
- Drug: Elexacaftor, tezacaftor and ivacaftor | Two tablets in the morning and one in the evening
- Drug: Dornase Alfa | 2.5 mg inhaled once daily
- Drug: Hypertonic saline | 4 mL of 7% sodium chloride inhaled twice daily
= Bronchiolitis | Bronchiolitis | ALL 0-1 | infants; respiratory syncytial virus
- Device: High-flow nasal cannula | Heated humidified high-flow oxygen at 2 L/kg/min
- Drug: Nebulized hypertonic saline | 3% sodium chloride nebulized every 8 hours
> [Asthma; Chronic Obstructive Pulmonary Disease; Cystic Fibrosis] change | Change from baseline in FEV1 | \
Baseline and week 24 | mL | Pre-bronchodilator forced expiratory volume in one second.
> [Asthma; Chronic Obstructive Pulmonary Disease] change | Annualized rate of moderate or severe \
exacerbations | 52 weeks | exacerbations per year | Exacerbations requiring systemic corticosteroids, \
emergency care or admission.
> [Asthma; Chronic Obstructive Pulmonary Disease; Cystic Fibrosis] count | Participants with at least one \
exacerbation | 52 weeks | Participants | As recorded in the electronic diary and confirmed by the \
investigator.
> [Idiopathic Pulmonary Fibrosis] change | Annual rate of decline in FVC | 52 weeks | mL | Forced vital \
capacity measured by spirometry.
> [Bronchiolitis] time | Time to readiness for discharge | Up to 14 days | days | Oxygen saturation above \
92% in room air and adequate feeding.
+ Physician-diagnosed {condition}
+ Spirometry or clinical findings consistent with the diagnosis
+ [Asthma; Chronic Obstructive Pulmonary Disease; Idiopathic Pulmonary Fibrosis; Cystic Fibrosis] Stable \
maintenance therapy for at least 4 weeks, where applicable
! [Asthma; Chronic Obstructive Pulmonary Disease; Idiopathic Pulmonary Fibrosis; Cystic Fibrosis] \
Respiratory infection within 4 weeks before screening, unless studied
! Other clinically significant lung disease
! Current participation in another interventional study
"""

_NEUROLOGY = """
@ NEU | Neurology | BC10 Nervous System Diseases | 8 | Drug | an oral investigational neuromodulator
= Alzheimer Disease | Alzheimer Disease | ALL 50-90 | dementia; amyloid; mild cognitive impairment
- Biological: Lecanemab | 10 mg/kg intravenously every 2 weeks
- Drug: Donepezil | 10 mg orally once daily
- Behavioral: Computerized cognitive training | 30-minute sessions five times a week
= Parkinson Disease | Parkinson Disease | ALL 40+ | motor fluctuations; dyskinesia
- Drug: Levodopa and carbidopa | Individually titrated oral doses
- Device: Deep brain stimulation | Bilateral subthalamic nucleus stimulation
- Behavioral: High-intensity aerobic exercise | Treadmill exercise three times a week
= Relapsing Multiple Sclerosis | Multiple Sclerosis, Relapsing-Remitting | ALL 18-55 | RRMS; \
disease-modifying therapy
- Biological: Ocrelizumab | 600 mg intravenously every 6 months
- Biological: Ofatumumab | 20 mg subcutaneously every 4 weeks
- Drug: Dimethyl Fumarate | 240 mg orally twice daily
= Migraine | Migraine Disorders | ALL 18-65 | episodic migraine; CGRP
- Biological: Erenumab | 140 mg subcutaneously once monthly
- Drug: Rimegepant | 75 mg orally as needed
- Device: Non-invasive vagus nerve stimulation | Two 2-minute stimulations at attack onset
= Epilepsy | Epilepsy | ALL 2+ | focal seizures; drug-resistant epilepsy
- Drug: Levetiracetam | 500-1500 mg orally twice daily
- Drug: Cenobamate | Titrated to 200 mg orally once daily
- Drug: Cannabidiol | Oral solution, 10-20 mg/kg/day
= Acute Ischemic Stroke | Ischemic Stroke | ALL 18+ | stroke; thrombolysis; large vessel occlusion
- Drug: Tenecteplase | 0.25 mg/kg intravenous bolus
- Procedure: Mechanical thrombectomy | Endovascular clot retrieval
- Device: Robot-assisted upper limb rehabilitation | 45-minute sessions on 20 days
= Chronic Low Back Pain | Low Back Pain | ALL 18+ | back pain; physiotherapy
- Behavioral: Physiotherapist-led exercise programme | Ten supervised sessions over 8 weeks
- Device: Spinal cord stimulation | Implanted 10 kHz spinal cord stimulator
- Drug: Duloxetine | 60 mg orally once daily
> [Migraine] change | Change from baseline in monthly migraine days | Baseline and months 4-6 | days per \
month | Recorded in an electronic headache diary.
> [Acute Ischemic Stroke] count | Participants with a modified Rankin Scale score of 0-2 | Day 90 | \
Participants | Functional independence assessed by a blinded rater.
> [Alzheimer Disease] change | Change from baseline in CDR-SB | Baseline and month 18 | score on a scale | \
Clinical Dementia Rating Sum of Boxes, 0 to 18; higher scores mean worse function.
> [Relapsing Multiple Sclerosis] change | Annualized relapse rate | Up to 96 weeks | relapses per year | \
Protocol-defined relapses confirmed by an examining neurologist.
> [Chronic Low Back Pain] change | Change from baseline in pain intensity | Baseline and week 12 | score on \
a scale | Numeric rating scale, 0 (no pain) to 10 (worst pain imaginable).
> [Parkinson Disease] change | Change from baseline in MDS-UPDRS Part III score | Baseline and week 24 | \
score on a scale | Motor examination, 0 to 132; higher scores mean worse motor function.
> [Epilepsy] change | Percent change from baseline in monthly seizure frequency | Baseline and 12-week \
maintenance period | percent change | Counted in a seizure diary.
+ Diagnosis of {condition} according to current diagnostic criteria
+ Stable dose of any concomitant medication for at least 4 weeks
+ Able to complete study questionnaires, or a caregiver able to do so
! Unstable medical condition that could interfere with assessments
! Contraindication to magnetic resonance imaging, where required
! Pregnancy or breastfeeding
"""

_MENTAL_HEALTH = """
@ PSY | Mental health | BXM Behaviors and Mental Disorders | 8 | Drug | an oral investigational agent
= Major Depressive Disorder | Depressive Disorder, Major | ALL 18-75 | depression; treatment-resistant \
depression
- Drug: Escitalopram | 10-20 mg orally once daily
- Drug: Esketamine | 56 or 84 mg intranasally twice weekly
- Behavioral: Cognitive behavioral therapy | 16 weekly individual sessions
- Device: Repetitive transcranial magnetic stimulation | Daily sessions over the left dorsolateral \
prefrontal cortex | rTMS
= Schizophrenia | Schizophrenia | ALL 18-65 | psychosis; antipsychotic
- Drug: Aripiprazole | 10-30 mg orally once daily
- Drug: Paliperidone Palmitate | Long-acting injection every month
- Drug: Clozapine | Titrated to 300-450 mg orally per day
= Post-traumatic Stress Disorder | Stress Disorders, Post-Traumatic | ALL 18+ | PTSD; trauma; veterans
- Behavioral: Prolonged exposure therapy | Ten 90-minute weekly sessions
- Drug: Prazosin | Titrated up to 15 mg orally at bedtime
- Behavioral: Cognitive processing therapy | Twelve weekly sessions
= Generalized Anxiety Disorder | Anxiety Disorders | ALL 18+ | anxiety; GAD
- Drug: Sertraline | 50-200 mg orally once daily
- Behavioral: Internet-delivered cognitive behavioral therapy | Eight weekly online modules with support
- Behavioral: Mindfulness-based stress reduction | Eight weekly 2.5-hour group sessions | MBSR
= Alcohol Use Disorder | Alcoholism | ALL 18+ | alcohol dependence; heavy drinking
- Drug: Naltrexone | 50 mg orally once daily
- Drug: Acamprosate | 666 mg orally three times daily
- Behavioral: Motivational interviewing | Four sessions over 8 weeks
= Insomnia | Sleep Initiation and Maintenance Disorders | ALL 18+ | sleep; CBT-I
- Behavioral: Cognitive behavioral therapy for insomnia | Six weekly sessions, digital or in person
- Drug: Lemborexant | 5-10 mg orally at bedtime
- Dietary Supplement: Melatonin | 2 mg prolonged-release tablet at bedtime
= Attention Deficit Hyperactivity Disorder | Attention Deficit Disorder with Hyperactivity | ALL 6-17 | \
ADHD; children
- Drug: Methylphenidate | Extended-release, titrated to 18-54 mg orally each morning
- Drug: Atomoxetine | 1.2 mg/kg orally once daily
- Behavioral: Parent behavioral training | Ten weekly group sessions for parents
> [Major Depressive Disorder] change | Change from baseline in MADRS total score | Baseline and week 8 | \
score on a scale | Montgomery-Asberg Depression Rating Scale, 0 (none) to 60 (severe).
> [Schizophrenia] change | Change from baseline in PANSS total score | Baseline and week 6 | score on a \
scale | Positive and Negative Syndrome Scale, 30 to 210; higher scores mean more severe symptoms.
> [Major Depressive Disorder; Generalized Anxiety Disorder; Post-traumatic Stress Disorder; Schizophrenia] \
count | Participants in remission | Week 12 | Participants | Remission defined by the disorder-specific \
rating scale.
> [Insomnia] change | Change from baseline in Insomnia Severity Index | Baseline and week 8 | score on a \
scale | Insomnia Severity Index, 0 to 28; higher scores mean worse insomnia.
> [Post-traumatic Stress Disorder] change | Change from baseline in CAPS-5 total score | Baseline and week \
12 | score on a scale | Clinician-Administered PTSD Scale for DSM-5, 0 to 80.
> [Generalized Anxiety Disorder] change | Change from baseline in GAD-7 score | Baseline and week 8 | score \
on a scale | Generalized Anxiety Disorder 7-item scale, 0 to 21.
> [Alcohol Use Disorder] change | Percentage of heavy drinking days | Weeks 13 to 24 | percentage of days | \
Timeline follow-back interview.
> [Attention Deficit Hyperactivity Disorder] change | Change from baseline in ADHD-RS-5 total score | \
Baseline and week 6 | score on a scale | ADHD Rating Scale-5, 0 to 54.
+ Primary diagnosis of {condition} confirmed by a structured clinical interview
+ Symptoms of at least moderate severity at screening
+ Able to give informed consent (or, for minors, assent with parental consent)
! Current suicidal ideation with intent or plan
! Bipolar disorder or a psychotic disorder, unless studied
! Substance use disorder within the past 6 months, unless studied
! Pregnancy or breastfeeding
"""

_IMMUNOLOGY = """
@ IMM | Immunology, rheumatology and dermatology | BC20 Immune System Diseases | 9 | Biological | a \
subcutaneous monoclonal antibody
= Rheumatoid Arthritis | Arthritis, Rheumatoid | ALL 18+ | RA; DMARD; biologic
- Biological: Adalimumab | 40 mg subcutaneously every 2 weeks
- Drug: Upadacitinib | 15 mg orally once daily
- Drug: Methotrexate | 15-25 mg orally once weekly
= Systemic Lupus Erythematosus | Lupus Erythematosus, Systemic | ALL 18+ | SLE; lupus nephritis
- Biological: Belimumab | 200 mg subcutaneously once weekly
- Biological: Anifrolumab | 300 mg intravenously every 4 weeks
- Drug: Hydroxychloroquine | 200-400 mg orally once daily
= Plaque Psoriasis | Psoriasis | ALL 18+ | PASI; moderate to severe psoriasis
- Biological: Secukinumab | 300 mg subcutaneously at weeks 0-4, then every 4 weeks
- Biological: Risankizumab | 150 mg subcutaneously at weeks 0 and 4, then every 12 weeks
- Drug: Apremilast | 30 mg orally twice daily
= Atopic Dermatitis | Dermatitis, Atopic | ALL 12+ | eczema; EASI
- Biological: Dupilumab | 300 mg subcutaneously every 2 weeks
- Drug: Abrocitinib | 100-200 mg orally once daily
- Drug: Tacrolimus ointment | 0.1% ointment applied twice daily
= Knee Osteoarthritis | Osteoarthritis, Knee | ALL 45+ | knee pain; joint replacement
- Procedure: Total knee arthroplasty | Cemented total knee replacement
- Behavioral: Supervised exercise therapy | Twelve physiotherapy sessions over 6 weeks
- Drug: Triamcinolone | 40 mg intra-articular injection
- Biological: Platelet-rich plasma | Three intra-articular injections one week apart | PRP
= Ankylosing Spondylitis | Spondylitis, Ankylosing | ALL 18+ | axial spondyloarthritis; ASAS40
- Biological: Ixekizumab | 80 mg subcutaneously every 4 weeks
- Biological: Adalimumab | 40 mg subcutaneously every 2 weeks
> [Rheumatoid Arthritis] count | Participants achieving ACR20 response | Week 24 | Participants | At least \
20% improvement in tender and swollen joint counts and 3 of 5 other American College of Rheumatology \
criteria.
> [Plaque Psoriasis] count | Participants achieving PASI 90 | Week 16 | Participants | At least 90% \
improvement from baseline in the Psoriasis Area and Severity Index.
> [Atopic Dermatitis] change | Percent change from baseline in EASI score | Baseline and week 16 | percent \
change | Eczema Area and Severity Index, 0 to 72.
> [Knee Osteoarthritis] change | Change from baseline in WOMAC pain score | Baseline and month 6 | score on \
a scale | Western Ontario and McMaster Universities Osteoarthritis Index pain subscale, 0 to 20.
> [Systemic Lupus Erythematosus] count | Participants with SRI-4 response | Week 52 | Participants | \
Systemic Lupus Erythematosus Responder Index.
> [Ankylosing Spondylitis] count | Participants achieving ASAS40 response | Week 16 | Participants | \
Assessment of SpondyloArthritis international Society criteria.
+ Diagnosis of {condition} for at least 6 months
+ Inadequate response or intolerance to at least one conventional therapy
+ Up-to-date vaccinations according to local guidelines
! Active or latent tuberculosis without adequate treatment
! Chronic hepatitis B or C infection
! Live vaccine within 12 weeks before the first dose
! History of malignancy within 5 years
"""

_DIGESTIVE = """
@ GAS | Gastroenterology and hepatology | BC06 Digestive System Diseases | 7 | Drug | an oral gut-selective \
agent
= Crohn Disease | Crohn Disease | ALL 18+ | IBD; Crohn's disease; endoscopic remission
- Biological: Ustekinumab | Intravenous induction, then 90 mg subcutaneously every 8 weeks
- Biological: Vedolizumab | 300 mg intravenously at weeks 0, 2 and 6, then every 8 weeks
- Biological: Infliximab | 5 mg/kg intravenously at weeks 0, 2 and 6, then every 8 weeks
= Ulcerative Colitis | Colitis, Ulcerative | ALL 18+ | IBD; mucosal healing
- Drug: Ozanimod | 0.92 mg orally once daily after titration
- Drug: Mesalamine | 4.8 g orally once daily
- Drug: Tofacitinib | 10 mg orally twice daily for 8 weeks, then 5 mg twice daily
= Liver Cirrhosis | Liver Cirrhosis | ALL 18+ | cirrhosis; hepatic encephalopathy; portal hypertension
- Drug: Rifaximin | 550 mg orally twice daily
- Drug: Carvedilol | 6.25-12.5 mg orally once daily
- Biological: Human albumin | 40 g intravenously twice weekly, then weekly
= Irritable Bowel Syndrome | Irritable Bowel Syndrome | ALL 18+ | IBS; abdominal pain
- Drug: Linaclotide | 290 micrograms orally once daily
- Behavioral: Low FODMAP diet | Dietitian-led elimination and reintroduction over 8 weeks
- Dietary Supplement: Peppermint oil | 182 mg enteric-coated capsules three times daily
= Gastroesophageal Reflux Disease | Gastroesophageal Reflux | ALL 18+ | GERD; heartburn
- Drug: Vonoprazan | 20 mg orally once daily
- Drug: Esomeprazole | 40 mg orally once daily
- Procedure: Laparoscopic fundoplication | Laparoscopic Nissen fundoplication
> [Crohn Disease; Ulcerative Colitis] count | Participants in clinical remission | Week 52 | Participants | \
Remission by the disease-specific activity index.
> [Crohn Disease; Ulcerative Colitis] count | Participants with endoscopic response | Week 12 | Participants \
| Reduction of at least 50% in the endoscopic score.
> [Irritable Bowel Syndrome] change | Change from baseline in weekly abdominal pain score | Baseline and \
week 12 | score on a scale | Daily diary, 0 (none) to 10 (worst).
> [Liver Cirrhosis] time | Time to first decompensation event | Up to 24 months | months | Ascites, variceal \
bleeding or overt hepatic encephalopathy.
> [Gastroesophageal Reflux Disease] count | Participants with healed erosive esophagitis | Week 8 | \
Participants | Confirmed by endoscopy.
+ Confirmed diagnosis of {condition} by endoscopy, histology or imaging as appropriate
+ [Crohn Disease; Ulcerative Colitis] Moderately to severely active disease at screening, where applicable
+ Stable doses of permitted background therapy
! [Crohn Disease; Ulcerative Colitis; Irritable Bowel Syndrome] Current bowel obstruction, abscess or toxic \
megacolon
! [Crohn Disease; Ulcerative Colitis] Clostridioides difficile infection within 60 days
! [Crohn Disease; Ulcerative Colitis] Previous extensive bowel resection, unless studied
! [Liver Cirrhosis] Hepatocellular carcinoma or other active malignancy
! [Gastroesophageal Reflux Disease] Barrett's oesophagus with dysplasia
"""

_KIDNEY_WOMEN = """
@ URW | Kidney, urology and women's health | BXS Urinary Tract, Sexual Organs, and Pregnancy Conditions | 8 \
| Drug | an oral investigational agent
= Chronic Kidney Disease | Renal Insufficiency, Chronic | ALL 18+ | CKD; albuminuria; eGFR
- Drug: Dapagliflozin | 10 mg orally once daily
- Drug: Finerenone | 10-20 mg orally once daily
- Behavioral: Low-protein diet counselling | Monthly dietitian sessions for 12 months
= Overactive Bladder | Urinary Bladder, Overactive | ALL 18+ | urgency; incontinence
- Drug: Mirabegron | 50 mg orally once daily
- Device: Percutaneous tibial nerve stimulation | Twelve weekly 30-minute sessions
- Biological: OnabotulinumtoxinA | 100 units injected into the detrusor muscle
= Benign Prostatic Hyperplasia | Prostatic Hyperplasia | MALE 45+ | BPH; lower urinary tract symptoms
- Drug: Tamsulosin | 0.4 mg orally once daily
- Drug: Finasteride | 5 mg orally once daily
- Procedure: Holmium laser enucleation of the prostate | HoLEP under general or spinal anaesthesia
= Endometriosis | Endometriosis | FEMALE 18-50 | pelvic pain; dysmenorrhea
- Drug: Relugolix combination therapy | Relugolix 40 mg, estradiol 1 mg and norethindrone acetate 0.5 mg daily
- Drug: Dienogest | 2 mg orally once daily
- Procedure: Laparoscopic excision of endometriosis | Excision of all visible lesions
= Polycystic Ovary Syndrome | Polycystic Ovary Syndrome | FEMALE 18-40 | PCOS; ovulation induction
- Drug: Letrozole | 2.5-7.5 mg orally on days 3-7 of the cycle
- Drug: Metformin | 1500 mg orally per day in divided doses
- Behavioral: Lifestyle modification | Diet and exercise programme for 6 months
= Preeclampsia | Pre-Eclampsia | FEMALE 18-45 | pregnancy; hypertension in pregnancy
- Drug: Aspirin | 150 mg orally at bedtime from 12 to 36 weeks of gestation
- Drug: Pravastatin | 20 mg orally once daily
- Dietary Supplement: Calcium | 1.5 g elemental calcium orally per day
= Postpartum Hemorrhage | Postpartum Hemorrhage | FEMALE 18-45 | PPH; vaginal delivery; caesarean section
- Drug: Tranexamic Acid | 1 g intravenously over 10 minutes
- Drug: Carbetocin | 100 micrograms intravenously after delivery
- Device: Uterine balloon tamponade | Intrauterine balloon inserted for refractory bleeding
> [Chronic Kidney Disease] change | Change from baseline in eGFR slope | Baseline to month 24 | mL/min/1.73 \
m2 per year | Estimated by the CKD-EPI equation.
> [Overactive Bladder] change | Change from baseline in mean daily micturitions | Baseline and week 12 | \
micturitions per day | Three-day bladder diary.
> [Polycystic Ovary Syndrome] count | Participants with a live birth | Up to 12 months | Participants | Live \
birth after 20 weeks of gestation.
> [Endometriosis] change | Change from baseline in dysmenorrhea pain score | Baseline and week 24 | score on \
a scale | Numeric rating scale, 0 to 10.
> [Postpartum Hemorrhage] count | Participants with blood loss of 500 mL or more | 24 hours after delivery | \
Participants | Measured blood loss.
> [Preeclampsia] count | Participants with preterm pre-eclampsia | Up to 37 weeks of gestation | \
Participants | Delivery with pre-eclampsia before 37 weeks.
> [Benign Prostatic Hyperplasia] change | Change from baseline in International Prostate Symptom Score | \
Baseline and month 3 | score on a scale | IPSS, 0 to 35; higher scores mean more symptoms.
+ Diagnosis of {condition} confirmed at screening
+ Willing to comply with diaries and study visits
+ [Chronic Kidney Disease; Overactive Bladder; Endometriosis; Polycystic Ovary Syndrome] Negative pregnancy \
test at screening, unless pregnancy is studied
! [Overactive Bladder; Benign Prostatic Hyperplasia; Chronic Kidney Disease] Urinary tract infection at \
screening
! Prior surgery for the same condition within 6 months
! Severe hepatic or renal impairment, unless studied
"""

_EYE_BLOOD_SURGERY = """
@ OTH | Eye, blood and perioperative care | BC23 Symptoms and General Pathology | 8 | Biological | an \
intravitreal or intravenous biologic
= Neovascular Age-related Macular Degeneration | Wet Macular Degeneration | ALL 50+ | nAMD; anti-VEGF
- Biological: Aflibercept | 2 mg intravitreal injection every 8 weeks after loading doses
- Biological: Faricimab | 6 mg intravitreal injection up to every 16 weeks
- Biological: Ranibizumab | 0.5 mg intravitreal injection monthly
= Open-angle Glaucoma | Glaucoma, Open-Angle | ALL 18+ | intraocular pressure; ocular hypertension
- Drug: Latanoprost | One drop 0.005% in the affected eye(s) each evening
- Procedure: Selective laser trabeculoplasty | 360-degree SLT in one session
- Device: Trabecular micro-bypass stent | Implanted during cataract surgery
= Diabetic Macular Edema | Macular Edema | ALL 18+ | DME; visual acuity
- Biological: Aflibercept | 2 mg intravitreal injection every 8 weeks after loading doses
- Drug: Dexamethasone intravitreal implant | 0.7 mg implant every 4-6 months
= Sickle Cell Disease | Anemia, Sickle Cell | ALL 2+ | vaso-occlusive crisis; hemoglobin S
- Drug: Hydroxyurea | 15-35 mg/kg orally once daily
- Biological: Crizanlizumab | 5 mg/kg intravenously every 4 weeks
- Genetic: Autologous gene-edited hematopoietic stem cells | Single infusion after myeloablative conditioning
= Iron Deficiency Anemia | Anemia, Iron-Deficiency | ALL 18+ | ferritin; intravenous iron
- Drug: Ferric carboxymaltose | 750 mg intravenously, two doses 7 days apart
- Drug: Ferrous sulfate | 200 mg orally on alternate days
= Hemophilia A | Hemophilia A | MALE 12+ | factor VIII; bleeding episodes
- Biological: Emicizumab | 1.5 mg/kg subcutaneously once weekly
- Genetic: AAV5 factor VIII gene therapy | Single intravenous infusion
= Postoperative Pain | Postoperative Pain | ALL 18+ | analgesia; opioid consumption; regional anaesthesia
- Drug: Liposomal bupivacaine | 266 mg infiltrated at the surgical site
- Procedure: Erector spinae plane block | Ultrasound-guided block with 20 mL ropivacaine 0.375%
- Drug: Ketamine | 0.3 mg/kg intravenous bolus at induction
= Postoperative Nausea and Vomiting | Postoperative Nausea and Vomiting | ALL 18+ | PONV; anaesthesia
- Drug: Ondansetron | 4 mg intravenously at the end of surgery
- Drug: Dexamethasone | 8 mg intravenously after induction
- Drug: Aprepitant | 80 mg orally before induction
= Acute Otitis Media | Otitis Media | ALL 0-12 | ear infection; children
- Drug: Amoxicillin | 80-90 mg/kg/day orally in two doses for 10 days
- Procedure: Tympanostomy tube placement | Bilateral tube insertion under general anaesthesia
> [Neovascular Age-related Macular Degeneration; Diabetic Macular Edema] change | Change from baseline in \
best-corrected visual acuity | Baseline and week 52 | letters | ETDRS letters read at 4 metres.
> [Open-angle Glaucoma] change | Change from baseline in intraocular pressure | Baseline and month 6 | mmHg \
| Goldmann applanation tonometry.
> [Hemophilia A] change | Annualized rate of treated bleeds | Up to 52 weeks | bleeds per year | Bleeds \
treated with factor VIII or bypassing agents.
> [Postoperative Pain] change | Cumulative opioid consumption | First 24 hours after surgery | mg oral \
morphine equivalents | From the anaesthesia and ward records.
> [Postoperative Nausea and Vomiting] count | Participants with nausea or vomiting | First 24 hours after \
surgery | Participants | Any nausea, retching or vomiting.
> [Iron Deficiency Anemia; Sickle Cell Disease] change | Change from baseline in hemoglobin | Baseline and \
week 6 | g/dL | Central laboratory.
> [Sickle Cell Disease] change | Annualized rate of vaso-occlusive crises | Up to 52 weeks | crises per year \
| Crises requiring a medical visit.
> [Acute Otitis Media] count | Participants with clinical cure | Day 14 | Participants | Resolution of signs \
and symptoms without new antibiotic treatment.
+ Diagnosis of {condition} confirmed at screening, or scheduled for surgery where relevant
+ Able to attend all study visits
+ Written informed consent (parental consent for minors)
! Known allergy to the study treatment or its excipients
! Participation in another interventional study within 30 days
! Any condition that, in the investigator's opinion, makes participation unsafe
"""

# One table per area. A backslash at a line's end continues the line (Python joins such lines
# inside a string literal), which keeps the tables under the 110-column limit.
AREA_TABLES: tuple[str, ...] = (
    _ONCOLOGY,
    _CARDIOVASCULAR,
    _METABOLIC,
    _INFECTIOUS,
    _RESPIRATORY,
    _NEUROLOGY,
    _MENTAL_HEALTH,
    _IMMUNOLOGY,
    _DIGESTIVE,
    _KIDNEY_WOMEN,
    _EYE_BLOOD_SURGERY,
)
