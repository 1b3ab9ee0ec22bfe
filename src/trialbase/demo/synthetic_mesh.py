"""MeSH descriptors the synthetic studies use: ids, and the ancestors of each condition.

Ids are MeSH 2026 descriptor ids in the form ClinicalTrials.gov writes them (``D`` and nine digits);
ancestors follow the MeSH tree (diseases chapter C and mental disorders F03), listed the way
ClinicalTrials.gov lists ``conditionBrowseModule.ancestors``. Descriptors newer than the tree
file at hand (COVID-19, Ischemic Stroke, ...) were placed under their parents by hand. A test
checks every id and name against ``../shared/vocab/mesh/mesh2026-descriptors.csv``.
"""

from __future__ import annotations

from functools import cache

# id, then descriptor name
_IDS = """
D000069501 Abiraterone Acetate
D000077443 Acamprosate
D000000193 Actinomycetales Infections
D000068879 Adalimumab
D000000230 Adenocarcinoma
D000000291 Adnexal Diseases
D000019973 Alcohol-Related Disorders
D000000437 Alcoholism
D000000544 Alzheimer Disease
D000017311 Amlodipine
D000000658 Amoxicillin
D000000740 Anemia
D000000743 Anemia, Hemolytic
D000000745 Anemia, Hemolytic, Congenital
D000000747 Anemia, Hypochromic
D000018798 Anemia, Iron-Deficiency
D000000755 Anemia, Sickle Cell
D000000844 Ankylosis
D000001008 Anxiety Disorders
D000077608 Aprepitant
D000068180 Aripiprazole
D000001145 Arrhythmias, Cardiac
D000001157 Arterial Occlusive Diseases
D000001161 Arteriosclerosis
D000001168 Arthritis
D000001172 Arthritis, Rheumatoid
D000001205 Ascorbic Acid
D000001241 Aspirin
D000001249 Asthma
D000001254 Astrocytoma
D000069059 Atorvastatin
D000001281 Atrial Fibrillation
D000001289 Attention Deficit Disorder with Hyperactivity
D000019958 Attention Deficit and Disruptive Behavior Disorders
D000001327 Autoimmune Diseases
D000020274 Autoimmune Diseases of the Nervous System
D000001374 Azacitidine
D000017963 Azithromycin
D000001416 Back Pain
D000001424 Bacterial Infections
D000001423 Bacterial Infections and Mycoses
D000001480 Basal Ganglia Diseases
D000068258 Bevacizumab
D000001778 Blood Coagulation Disorders
D000025861 Blood Coagulation Disorders, Inherited
D000001796 Blood Protein Disorders
D000001835 Body Weight
D000001847 Bone Diseases
D000001851 Bone Diseases, Metabolic
D000069286 Bortezomib
D000001927 Brain Diseases
D000002545 Brain Ischemia
D000001941 Breast Diseases
D000001943 Breast Neoplasms
D000001982 Bronchial Diseases
D000001984 Bronchial Neoplasms
D000001988 Bronchiolitis
D000001991 Bronchitis
D000086382 COVID-19
D000002118 Calcium
D000002185 Cannabidiol
D000069287 Capecitabine
D000016190 Carboplatin
D000002277 Carcinoma
D000002283 Carcinoma, Bronchogenic
D000006528 Carcinoma, Hepatocellular
D000002289 Carcinoma, Non-Small-Cell Lung
D000002318 Cardiovascular Diseases
D000077261 Carvedilol
D000002443 Ceftriaxone
D000002493 Central Nervous System Diseases
D000002561 Cerebrovascular Disorders
D000064419 Chemically-Induced Disorders
D000003024 Clozapine
D000020147 Coagulation Protein Disorders
D000003078 Colchicine
D000003092 Colitis
D000003093 Colitis, Ulcerative
D000003108 Colonic Diseases
D000003109 Colonic Diseases, Functional
D000015179 Colorectal Neoplasms
D000098968 Community-Acquired Pneumonia
D000009358 Congenital, Hereditary, and Neonatal Diseases and Abnormalities
D000003240 Connective Tissue Diseases
D000003324 Coronary Artery Disease
D000003327 Coronary Disease
D000003333 Coronaviridae Infections
D000018352 Coronavirus Infections
D000003424 Crohn Disease
D000003520 Cyclophosphamide
D000003550 Cystic Fibrosis
D000003560 Cysts
D000003561 Cytarabine
D000004266 DNA Virus Infections
D000003680 Deglutition Disorders
D000003704 Dementia
D000020278 Demyelinating Autoimmune Diseases, CNS
D000003711 Demyelinating Diseases
D000069448 Denosumab
D000003866 Depressive Disorder
D000003865 Depressive Disorder, Major
D000003872 Dermatitis
D000003876 Dermatitis, Atopic
D000003907 Dexamethasone
D000003920 Diabetes Mellitus
D000003922 Diabetes Mellitus, Type 1
D000003924 Diabetes Mellitus, Type 2
D000004066 Digestive System Diseases
D000004067 Digestive System Neoplasms
D000069462 Dimethyl Fumarate
D000077143 Docetaxel
D000099226 Dolutegravir
D000077265 Donepezil
D000050171 Dyslipidemias
D000020920 Dyssomnias
D000004427 Ear Diseases
D000016769 Embolism and Thrombosis
D000004701 Endocrine Gland Neoplasms
D000004700 Endocrine System Diseases
D000004715 Endometriosis
D000017984 Enoxaparin
D000004827 Epilepsy
D000089983 Escitalopram
D000064098 Esomeprazole
D000004935 Esophageal Diseases
D000015154 Esophageal Motility Disorders
D000005128 Eye Diseases
D000069438 Ezetimibe
D000005234 Fatty Liver
D000052776 Female Urogenital Diseases
D000005261 Female Urogenital Diseases and Pregnancy Complications
D000018120 Finasteride
D000005759 Gastroenteritis
D000005764 Gastroesophageal Reflux
D000005767 Gastrointestinal Diseases
D000005770 Gastrointestinal Neoplasms
D000093542 Gemcitabine
D000030342 Genetic Diseases, Inborn
D000005831 Genital Diseases, Female
D000005832 Genital Diseases, Male
D000005833 Genital Neoplasms, Female
D000005834 Genital Neoplasms, Male
D000005901 Glaucoma
D000005902 Glaucoma, Open-Angle
D000005909 Glioblastoma
D000005910 Glioma
D000044882 Glucose Metabolism Disorders
D000006058 Gonadal Disorders
D000016908 Gram-Positive Bacterial Infections
D000015658 HIV Infections
D000020773 Headache Disorders
D000051270 Headache Disorders, Primary
D000006331 Heart Diseases
D000006333 Heart Failure
D000006402 Hematologic Diseases
D000006425 Hemic and Lymphatic Diseases
D000006453 Hemoglobinopathies
D000006467 Hemophilia A
D000006470 Hemorrhage
D000006474 Hemorrhagic Disorders
D000020141 Hemostatic Disorders
D000018347 Hepadnaviridae Infections
D000006505 Hepatitis
D000006509 Hepatitis B
D000019694 Hepatitis B, Chronic
D000006521 Hepatitis, Chronic
D000006525 Hepatitis, Viral, Human
D000006852 Hydrochlorothiazide
D000006854 Hydrocortisone
D000006886 Hydroxychloroquine
D000006918 Hydroxyurea
D000006937 Hypercholesterolemia
D000006949 Hyperlipidemias
D000006967 Hypersensitivity
D000006969 Hypersensitivity, Immediate
D000006973 Hypertension
D000046110 Hypertension, Pregnancy-Induced
D000007037 Hypothyroidism
D000054988 Idiopathic Interstitial Pneumonias
D000054990 Idiopathic Pulmonary Fibrosis
D000007154 Immune System Diseases
D000007153 Immunologic Deficiency Syndromes
D000007160 Immunoproliferative Disorders
D000007232 Infant, Newborn, Diseases
D000007239 Infections
D000007249 Inflammation
D000015212 Inflammatory Bowel Diseases
D000069285 Infliximab
D000007251 Influenza, Human
D000069036 Insulin Glargine
D000007410 Intestinal Diseases
D000007414 Intestinal Neoplasms
D000074324 Ipilimumab
D000077146 Irinotecan
D000019189 Iron Metabolism Disorders
D000043183 Irritable Bowel Syndrome
D000083242 Ischemic Stroke
D000007592 Joint Diseases
D000007649 Ketamine
D000007674 Kidney Diseases
D000077338 Latanoprost
D000077269 Lenalidomide
D000016180 Lentivirus Infections
D000077289 Letrozole
D000007938 Leukemia
D000007951 Leukemia, Myeloid
D000015470 Leukemia, Myeloid, Acute
D000077287 Levetiracetam
D000069349 Linezolid
D000052439 Lipid Metabolism Disorders
D000008103 Liver Cirrhosis
D000008107 Liver Diseases
D000008113 Liver Neoplasms
D000019808 Losartan
D000017116 Low Back Pain
D000059411 Lower Urinary Tract Symptoms
D000008171 Lung Diseases
D000017563 Lung Diseases, Interstitial
D000008173 Lung Diseases, Obstructive
D000008175 Lung Neoplasms
D000008180 Lupus Erythematosus, Systemic
D000008206 Lymphatic Diseases
D000008223 Lymphoma
D000016393 Lymphoma, B-Cell
D000016403 Lymphoma, Large B-Cell, Diffuse
D000008228 Lymphoma, Non-Hodgkin
D000008232 Lymphoproliferative Disorders
D000008268 Macular Degeneration
D000008269 Macular Edema
D000008288 Malaria
D000016778 Malaria, Falciparum
D000052801 Male Urogenital Diseases
D000008545 Melanoma
D000008550 Melatonin
D000001523 Mental Disorders
D000019804 Mesalamine
D000008659 Metabolic Diseases
D000008687 Metformin
D000008727 Methotrexate
D000008774 Methylphenidate
D000008881 Migraine Disorders
D000019964 Mood Disorders
D000009069 Movement Disorders
D000009101 Multiple Myeloma
D000009103 Multiple Sclerosis
D000020529 Multiple Sclerosis, Relapsing-Remitting
D000009140 Musculoskeletal Diseases
D000009164 Mycobacterium Infections
D000009203 Myocardial Infarction
D000017202 Myocardial Ischemia
D000009271 Naltrexone
D000009325 Nausea
D000009369 Neoplasms
D000009370 Neoplasms by Histologic Type
D000009371 Neoplasms by Site
D000009373 Neoplasms, Germ Cell and Embryonal
D000009375 Neoplasms, Glandular and Epithelial
D000009380 Neoplasms, Nerve Tissue
D000018302 Neoplasms, Neuroepithelial
D000054219 Neoplasms, Plasma Cell
D000009422 Nervous System Diseases
D000019965 Neurocognitive Disorders
D000019636 Neurodegenerative Diseases
D000065886 Neurodevelopmental Disorders
D000017599 Neuroectodermal Tumors
D000018358 Neuroendocrine Tumors
D000009461 Neurologic Manifestations
D000018326 Nevi and Melanomas
D000030341 Nidovirales Infections
D000077594 Nivolumab
D000065626 Non-alcoholic Fatty Liver Disease
D000009748 Nutrition Disorders
D000009750 Nutritional and Metabolic Diseases
D000009765 Obesity
D000007744 Obstetric Labor Complications
D000009798 Ocular Hypertension
D000017294 Ondansetron
D000009976 Orthomyxoviridae Infections
D000053139 Oseltamivir
D000010003 Osteoarthritis
D000020370 Osteoarthritis, Knee
D000010024 Osteoporosis
D000015663 Osteoporosis, Postmenopausal
D000010031 Otitis
D000010033 Otitis Media
D000010038 Otorhinolaryngologic Diseases
D000010048 Ovarian Cysts
D000010049 Ovarian Diseases
D000010051 Ovarian Neoplasms
D000044343 Overnutrition
D000050177 Overweight
D000077150 Oxaliplatin
D000017239 Paclitaxel
D000010146 Pain
D000068882 Paliperidone Palmitate
D000010182 Pancreatic Diseases
D000010190 Pancreatic Neoplasms
D000010265 Paraproteinemias
D000010272 Parasitic Diseases
D000010300 Parkinson Disease
D000020734 Parkinsonian Disorders
D000010335 Pathologic Processes
D000013568 Pathological Conditions, Signs and Symptoms
D000077205 Pioglitazone
D000053657 Platelet-Rich Plasma
D000011014 Pneumonia
D000011024 Pneumonia, Viral
D000011085 Polycystic Ovary Syndrome
D000011183 Postoperative Complications
D000020250 Postoperative Nausea and Vomiting
D000010149 Postoperative Pain
D000006473 Postpartum Hemorrhage
D000017035 Pravastatin
D000011224 Prazosin
D000011225 Pre-Eclampsia
D000011248 Pregnancy Complications
D000011469 Prostatic Diseases
D000011470 Prostatic Hyperplasia
D000011471 Prostatic Neoplasms
D000011528 Protozoan Infections
D000011565 Psoriasis
D000011644 Puerperal Disorders
D000029424 Pulmonary Disease, Chronic Obstructive
D000011658 Pulmonary Fibrosis
D000012327 RNA Virus Infections
D000069579 Ranibizumab
D000012002 Rectal Diseases
D000051437 Renal Insufficiency
D000051436 Renal Insufficiency, Chronic
D000012130 Respiratory Hypersensitivity
D000012140 Respiratory Tract Diseases
D000012141 Respiratory Tract Infections
D000012142 Respiratory Tract Neoplasms
D000012162 Retinal Degeneration
D000012164 Retinal Diseases
D000012192 Retroviridae Infections
D000012216 Rheumatic Diseases
D000078262 Rifaximin
D000069283 Rituximab
D000069552 Rivaroxaban
D000012559 Schizophrenia
D000019967 Schizophrenia Spectrum and Other Psychotic Disorders
D000099194 Semaglutide
D000018805 Sepsis
D000020280 Sertraline
D000012749 Sexually Transmitted Diseases
D000015229 Sexually Transmitted Diseases, Viral
D000012816 Signs and Symptoms
D000012817 Signs and Symptoms, Digestive
D000012871 Skin Diseases
D000017443 Skin Diseases, Eczematous
D000012873 Skin Diseases, Genetic
D000017444 Skin Diseases, Papulosquamous
D000017437 Skin and Connective Tissue Diseases
D000020919 Sleep Disorders, Intrinsic
D000007319 Sleep Initiation and Maintenance Disorders
D000012893 Sleep Wake Disorders
D000077157 Sorafenib
D000013122 Spinal Diseases
D000013148 Spironolactone
D000025241 Spondylarthritis
D000025242 Spondylarthropathies
D000013166 Spondylitis
D000013167 Spondylitis, Ankylosing
D000013313 Stress Disorders, Post-Traumatic
D000040921 Stress Disorders, Traumatic
D000020521 Stroke
D000019966 Substance-Related Disorders
D000018746 Systemic Inflammatory Response Syndrome
D000077409 Tamsulosin
D000024801 Tauopathies
D000077204 Temozolomide
D000077785 Tenecteplase
D000013899 Thoracic Neoplasms
D000013923 Thromboembolism
D000013927 Thrombosis
D000013959 Thyroid Diseases
D000077486 Ticagrelor
D000098860 Tirzepatide
D000014148 Tranexamic Acid
D000014221 Triamcinolone
D000014376 Tuberculosis
D000014397 Tuberculosis, Pulmonary
D000001745 Urinary Bladder Diseases
D000053201 Urinary Bladder, Overactive
D000014565 Urogenital Neoplasms
D000014570 Urologic Diseases
D000020924 Urological Manifestations
D000069549 Ustekinumab
D000014592 Uterine Hemorrhage
D000014652 Vascular Diseases
D000054556 Venous Thromboembolism
D000014777 Virus Diseases
D000014810 Vitamin E
D000014839 Vomiting
D000057135 Wet Macular Degeneration
D000077211 Zoledronic Acid
"""

# condition descriptor: its ancestors, nearest first ("; " between; "\" continues a line)
_ANCESTORS = """
Alcoholism: Alcohol-Related Disorders; Substance-Related Disorders; Chemically-Induced Disorders; \
Mental Disorders
Alzheimer Disease: Dementia; Brain Diseases; Central Nervous System Diseases; Nervous System \
Diseases; Tauopathies; Neurodegenerative Diseases; Neurocognitive Disorders; Mental Disorders
Anemia, Iron-Deficiency: Anemia, Hypochromic; Anemia; Hematologic Diseases; Hemic and Lymphatic \
Diseases; Iron Metabolism Disorders; Metabolic Diseases; Nutritional and Metabolic Diseases
Anemia, Sickle Cell: Anemia, Hemolytic, Congenital; Anemia, Hemolytic; Anemia; Hematologic Diseases; \
Hemic and Lymphatic Diseases; Hemoglobinopathies; Genetic Diseases, Inborn; Congenital, Hereditary, \
and Neonatal Diseases and Abnormalities
Anxiety Disorders: Mental Disorders
Arthritis, Rheumatoid: Arthritis; Joint Diseases; Musculoskeletal Diseases; Rheumatic Diseases; \
Connective Tissue Diseases; Skin and Connective Tissue Diseases; Autoimmune Diseases; Immune System \
Diseases
Asthma: Bronchial Diseases; Respiratory Tract Diseases; Lung Diseases, Obstructive; Lung Diseases; \
Respiratory Hypersensitivity; Hypersensitivity, Immediate; Hypersensitivity; Immune System Diseases
Atrial Fibrillation: Arrhythmias, Cardiac; Heart Diseases; Cardiovascular Diseases; Pathologic \
Processes; Pathological Conditions, Signs and Symptoms
Attention Deficit Disorder with Hyperactivity: Attention Deficit and Disruptive Behavior Disorders; \
Neurodevelopmental Disorders; Mental Disorders
Breast Neoplasms: Neoplasms by Site; Neoplasms; Breast Diseases; Skin Diseases; Skin and Connective \
Tissue Diseases
Bronchiolitis: Bronchitis; Bronchial Diseases; Respiratory Tract Diseases; Lung Diseases, \
Obstructive; Lung Diseases; Respiratory Tract Infections
COVID-19: Coronavirus Infections; Coronaviridae Infections; Nidovirales Infections; RNA Virus \
Infections; Virus Diseases; Pneumonia, Viral; Pneumonia; Lung Diseases; Respiratory Tract Diseases; \
Respiratory Tract Infections
Carcinoma, Hepatocellular: Adenocarcinoma; Carcinoma; Neoplasms, Glandular and Epithelial; Neoplasms \
by Histologic Type; Neoplasms; Liver Neoplasms; Digestive System Neoplasms; Neoplasms by Site; \
Digestive System Diseases; Liver Diseases
Carcinoma, Non-Small-Cell Lung: Carcinoma, Bronchogenic; Bronchial Neoplasms; Lung Neoplasms; \
Respiratory Tract Neoplasms; Thoracic Neoplasms; Neoplasms by Site; Neoplasms; Lung Diseases; \
Respiratory Tract Diseases
Colitis, Ulcerative: Colitis; Gastroenteritis; Gastrointestinal Diseases; Digestive System Diseases; \
Inflammatory Bowel Diseases; Colonic Diseases; Intestinal Diseases
Colorectal Neoplasms: Intestinal Neoplasms; Gastrointestinal Neoplasms; Digestive System Neoplasms; \
Neoplasms by Site; Neoplasms; Digestive System Diseases; Gastrointestinal Diseases; Colonic \
Diseases; Intestinal Diseases; Rectal Diseases
Community-Acquired Pneumonia: Pneumonia; Lung Diseases; Respiratory Tract Diseases; Respiratory \
Tract Infections
Coronary Artery Disease: Coronary Disease; Myocardial Ischemia; Heart Diseases; Cardiovascular \
Diseases; Arteriosclerosis; Arterial Occlusive Diseases; Vascular Diseases
Crohn Disease: Inflammatory Bowel Diseases; Gastroenteritis; Gastrointestinal Diseases; Digestive \
System Diseases; Intestinal Diseases
Cystic Fibrosis: Pancreatic Diseases; Digestive System Diseases; Lung Diseases; Respiratory Tract \
Diseases; Genetic Diseases, Inborn; Congenital, Hereditary, and Neonatal Diseases and Abnormalities; \
Infant, Newborn, Diseases
Depressive Disorder, Major: Depressive Disorder; Mood Disorders; Mental Disorders
Dermatitis, Atopic: Skin Diseases, Genetic; Genetic Diseases, Inborn; Congenital, Hereditary, and \
Neonatal Diseases and Abnormalities; Dermatitis; Skin Diseases; Skin and Connective Tissue Diseases; \
Skin Diseases, Eczematous; Hypersensitivity, Immediate; Hypersensitivity; Immune System Diseases
Diabetes Mellitus, Type 1: Diabetes Mellitus; Glucose Metabolism Disorders; Metabolic Diseases; \
Nutritional and Metabolic Diseases; Endocrine System Diseases; Autoimmune Diseases; Immune System \
Diseases
Diabetes Mellitus, Type 2: Diabetes Mellitus; Glucose Metabolism Disorders; Metabolic Diseases; \
Nutritional and Metabolic Diseases; Endocrine System Diseases
Endometriosis: Genital Diseases, Female; Female Urogenital Diseases; Female Urogenital Diseases and \
Pregnancy Complications
Epilepsy: Brain Diseases; Central Nervous System Diseases; Nervous System Diseases
Gastroesophageal Reflux: Esophageal Motility Disorders; Deglutition Disorders; Esophageal Diseases; \
Gastrointestinal Diseases; Digestive System Diseases
Glaucoma, Open-Angle: Glaucoma; Ocular Hypertension; Eye Diseases
Glioblastoma: Astrocytoma; Glioma; Neoplasms, Neuroepithelial; Neuroectodermal Tumors; Neoplasms, \
Germ Cell and Embryonal; Neoplasms by Histologic Type; Neoplasms; Neoplasms, Glandular and \
Epithelial; Neoplasms, Nerve Tissue
HIV Infections: Lentivirus Infections; Retroviridae Infections; RNA Virus Infections; Virus \
Diseases; Sexually Transmitted Diseases, Viral; Sexually Transmitted Diseases; Immunologic \
Deficiency Syndromes; Immune System Diseases
Heart Failure: Heart Diseases; Cardiovascular Diseases
Hemophilia A: Blood Coagulation Disorders, Inherited; Blood Coagulation Disorders; Hematologic \
Diseases; Hemic and Lymphatic Diseases; Coagulation Protein Disorders; Hemorrhagic Disorders; \
Genetic Diseases, Inborn; Congenital, Hereditary, and Neonatal Diseases and Abnormalities
Hepatitis B, Chronic: Hepatitis B; Hepadnaviridae Infections; DNA Virus Infections; Virus Diseases; \
Hepatitis, Viral, Human; Hepatitis, Chronic; Hepatitis; Liver Diseases; Digestive System Diseases
Hypercholesterolemia: Hyperlipidemias; Dyslipidemias; Lipid Metabolism Disorders; Metabolic \
Diseases; Nutritional and Metabolic Diseases
Hypertension: Vascular Diseases; Cardiovascular Diseases
Hypothyroidism: Thyroid Diseases; Endocrine System Diseases
Idiopathic Pulmonary Fibrosis: Idiopathic Interstitial Pneumonias; Lung Diseases, Interstitial; Lung \
Diseases; Respiratory Tract Diseases; Pulmonary Fibrosis
Influenza, Human: Orthomyxoviridae Infections; RNA Virus Infections; Virus Diseases; Respiratory \
Tract Infections; Respiratory Tract Diseases
Irritable Bowel Syndrome: Colonic Diseases, Functional; Colonic Diseases; Intestinal Diseases; \
Gastrointestinal Diseases; Digestive System Diseases
Ischemic Stroke: Stroke; Cerebrovascular Disorders; Brain Diseases; Central Nervous System Diseases; \
Nervous System Diseases; Brain Ischemia; Vascular Diseases; Cardiovascular Diseases
Leukemia, Myeloid, Acute: Leukemia, Myeloid; Leukemia; Neoplasms by Histologic Type; Neoplasms
Liver Cirrhosis: Liver Diseases; Digestive System Diseases
Low Back Pain: Back Pain; Pain; Neurologic Manifestations; Nervous System Diseases; Signs and \
Symptoms; Pathological Conditions, Signs and Symptoms
Lupus Erythematosus, Systemic: Connective Tissue Diseases; Skin and Connective Tissue Diseases; \
Autoimmune Diseases; Immune System Diseases
Lymphoma, Large B-Cell, Diffuse: Lymphoma, B-Cell; Lymphoma, Non-Hodgkin; Lymphoma; Neoplasms by \
Histologic Type; Neoplasms; Lymphoproliferative Disorders; Lymphatic Diseases; Hemic and Lymphatic \
Diseases; Immunoproliferative Disorders; Immune System Diseases
Macular Edema: Macular Degeneration; Retinal Degeneration; Retinal Diseases; Eye Diseases
Malaria, Falciparum: Malaria; Protozoan Infections; Parasitic Diseases
Melanoma: Neuroendocrine Tumors; Neuroectodermal Tumors; Neoplasms, Germ Cell and Embryonal; \
Neoplasms by Histologic Type; Neoplasms; Neoplasms, Nerve Tissue; Nevi and Melanomas
Migraine Disorders: Headache Disorders, Primary; Headache Disorders; Brain Diseases; Central Nervous \
System Diseases; Nervous System Diseases
Multiple Myeloma: Neoplasms, Plasma Cell; Neoplasms by Histologic Type; Neoplasms; Hemostatic \
Disorders; Vascular Diseases; Cardiovascular Diseases; Paraproteinemias; Blood Protein Disorders; \
Hematologic Diseases; Hemic and Lymphatic Diseases; Hemorrhagic Disorders; Lymphoproliferative \
Disorders; Immunoproliferative Disorders; Immune System Diseases
Multiple Sclerosis, Relapsing-Remitting: Multiple Sclerosis; Demyelinating Autoimmune Diseases, CNS; \
Autoimmune Diseases of the Nervous System; Nervous System Diseases; Demyelinating Diseases; \
Autoimmune Diseases; Immune System Diseases
Myocardial Infarction: Myocardial Ischemia; Heart Diseases; Cardiovascular Diseases; Vascular \
Diseases
Non-alcoholic Fatty Liver Disease: Fatty Liver; Liver Diseases; Digestive System Diseases
Obesity: Overnutrition; Nutrition Disorders; Nutritional and Metabolic Diseases; Overweight; Body \
Weight; Signs and Symptoms; Pathological Conditions, Signs and Symptoms
Osteoarthritis, Knee: Osteoarthritis; Arthritis; Joint Diseases; Musculoskeletal Diseases; Rheumatic \
Diseases
Osteoporosis, Postmenopausal: Osteoporosis; Bone Diseases, Metabolic; Bone Diseases; Musculoskeletal \
Diseases
Otitis Media: Otitis; Ear Diseases; Otorhinolaryngologic Diseases
Ovarian Neoplasms: Endocrine Gland Neoplasms; Neoplasms by Site; Neoplasms; Ovarian Diseases; \
Adnexal Diseases; Genital Diseases, Female; Female Urogenital Diseases; Female Urogenital Diseases \
and Pregnancy Complications; Genital Neoplasms, Female; Urogenital Neoplasms; Endocrine System \
Diseases; Gonadal Disorders
Pancreatic Neoplasms: Digestive System Neoplasms; Neoplasms by Site; Neoplasms; Endocrine Gland \
Neoplasms; Digestive System Diseases; Pancreatic Diseases; Endocrine System Diseases
Parkinson Disease: Parkinsonian Disorders; Basal Ganglia Diseases; Brain Diseases; Central Nervous \
System Diseases; Nervous System Diseases; Movement Disorders; Neurodegenerative Diseases
Polycystic Ovary Syndrome: Ovarian Cysts; Cysts; Neoplasms; Ovarian Diseases; Adnexal Diseases; \
Genital Diseases, Female; Female Urogenital Diseases; Female Urogenital Diseases and Pregnancy \
Complications; Gonadal Disorders; Endocrine System Diseases
Postoperative Nausea and Vomiting: Postoperative Complications; Pathologic Processes; Pathological \
Conditions, Signs and Symptoms; Nausea; Signs and Symptoms, Digestive; Signs and Symptoms; Vomiting
Postoperative Pain: Postoperative Complications; Pathologic Processes; Pathological Conditions, \
Signs and Symptoms; Pain; Signs and Symptoms
Postpartum Hemorrhage: Obstetric Labor Complications; Pregnancy Complications; Female Urogenital \
Diseases and Pregnancy Complications; Puerperal Disorders; Uterine Hemorrhage; Hemorrhage; \
Pathologic Processes; Pathological Conditions, Signs and Symptoms
Pre-Eclampsia: Hypertension, Pregnancy-Induced; Pregnancy Complications; Female Urogenital Diseases \
and Pregnancy Complications
Prostatic Hyperplasia: Prostatic Diseases; Genital Diseases, Male; Male Urogenital Diseases
Prostatic Neoplasms: Genital Neoplasms, Male; Urogenital Neoplasms; Neoplasms by Site; Neoplasms; \
Genital Diseases, Male; Male Urogenital Diseases; Prostatic Diseases
Psoriasis: Skin Diseases, Papulosquamous; Skin Diseases; Skin and Connective Tissue Diseases
Pulmonary Disease, Chronic Obstructive: Lung Diseases, Obstructive; Lung Diseases; Respiratory Tract \
Diseases
Renal Insufficiency, Chronic: Renal Insufficiency; Kidney Diseases; Urologic Diseases; Male \
Urogenital Diseases; Female Urogenital Diseases; Female Urogenital Diseases and Pregnancy \
Complications
Schizophrenia: Schizophrenia Spectrum and Other Psychotic Disorders; Mental Disorders
Sepsis: Infections; Bacterial Infections and Mycoses; Systemic Inflammatory Response Syndrome; \
Inflammation; Pathologic Processes; Pathological Conditions, Signs and Symptoms
Sleep Initiation and Maintenance Disorders: Sleep Disorders, Intrinsic; Dyssomnias; Sleep Wake \
Disorders; Nervous System Diseases; Mental Disorders
Spondylitis, Ankylosing: Spondylarthropathies; Spondylarthritis; Spondylitis; Spinal Diseases; Bone \
Diseases; Musculoskeletal Diseases; Ankylosis; Joint Diseases; Arthritis
Stress Disorders, Post-Traumatic: Stress Disorders, Traumatic; Anxiety Disorders; Mental Disorders
Tuberculosis, Pulmonary: Tuberculosis; Mycobacterium Infections; Actinomycetales Infections; \
Gram-Positive Bacterial Infections; Bacterial Infections; Bacterial Infections and Mycoses; Lung \
Diseases; Respiratory Tract Diseases; Respiratory Tract Infections
Urinary Bladder, Overactive: Urinary Bladder Diseases; Urologic Diseases; Male Urogenital Diseases; \
Female Urogenital Diseases; Female Urogenital Diseases and Pregnancy Complications; Lower Urinary \
Tract Symptoms; Urological Manifestations; Signs and Symptoms; Pathological Conditions, Signs and \
Symptoms
Venous Thromboembolism: Thromboembolism; Embolism and Thrombosis; Vascular Diseases; Cardiovascular \
Diseases; Thrombosis
Wet Macular Degeneration: Macular Degeneration; Retinal Degeneration; Retinal Diseases; Eye Diseases
"""

# treatment name as the area tables write it: the MeSH descriptor it is
_INTERVENTIONS = """
Abiraterone Acetate: Abiraterone Acetate
Acamprosate: Acamprosate
Adalimumab: Adalimumab
Amlodipine: Amlodipine
Amoxicillin: Amoxicillin
Aprepitant: Aprepitant
Aripiprazole: Aripiprazole
Ascorbic Acid: Ascorbic Acid
Aspirin: Aspirin
Atorvastatin: Atorvastatin
Azacitidine: Azacitidine
Azithromycin: Azithromycin
Bevacizumab: Bevacizumab
Bortezomib: Bortezomib
Calcium: Calcium
Cannabidiol: Cannabidiol
Capecitabine: Capecitabine
Carboplatin: Carboplatin
Carvedilol: Carvedilol
Ceftriaxone: Ceftriaxone
Clozapine: Clozapine
Colchicine: Colchicine
Cyclophosphamide: Cyclophosphamide
Cytarabine: Cytarabine
Denosumab: Denosumab
Dexamethasone: Dexamethasone
Dimethyl Fumarate: Dimethyl Fumarate
Docetaxel: Docetaxel
Dolutegravir: Dolutegravir
Donepezil: Donepezil
Enoxaparin: Enoxaparin
Escitalopram: Escitalopram
Esomeprazole: Esomeprazole
Ezetimibe: Ezetimibe
Finasteride: Finasteride
Gemcitabine: Gemcitabine
Hydrochlorothiazide: Hydrochlorothiazide
Hydrocortisone: Hydrocortisone
Hydroxychloroquine: Hydroxychloroquine
Hydroxyurea: Hydroxyurea
Infliximab: Infliximab
Insulin Glargine: Insulin Glargine
Ipilimumab: Ipilimumab
Irinotecan: Irinotecan
Ketamine: Ketamine
Latanoprost: Latanoprost
Lenalidomide: Lenalidomide
Letrozole: Letrozole
Levetiracetam: Levetiracetam
Linezolid: Linezolid
Losartan: Losartan
Melatonin: Melatonin
Mesalamine: Mesalamine
Metformin: Metformin
Methotrexate: Methotrexate
Methylphenidate: Methylphenidate
Naltrexone: Naltrexone
Nivolumab: Nivolumab
Ondansetron: Ondansetron
Oseltamivir: Oseltamivir
Oxaliplatin: Oxaliplatin
Paclitaxel: Paclitaxel
Paliperidone Palmitate: Paliperidone Palmitate
Pioglitazone: Pioglitazone
Platelet-rich plasma: Platelet-Rich Plasma
Pravastatin: Pravastatin
Prazosin: Prazosin
Ranibizumab: Ranibizumab
Rifaximin: Rifaximin
Rituximab: Rituximab
Rivaroxaban: Rivaroxaban
Semaglutide: Semaglutide
Sertraline: Sertraline
Sorafenib: Sorafenib
Spironolactone: Spironolactone
Tamsulosin: Tamsulosin
Temozolomide: Temozolomide
Tenecteplase: Tenecteplase
Ticagrelor: Ticagrelor
Tirzepatide: Tirzepatide
Tranexamic Acid: Tranexamic Acid
Triamcinolone: Triamcinolone
Ustekinumab: Ustekinumab
Vitamin E: Vitamin E
Zoledronic Acid: Zoledronic Acid
"""


@cache
def mesh_ids() -> dict[str, str]:
    """MeSH descriptor name -> id (``D000001943``)."""
    pairs = (line.split(" ", 1) for line in _IDS.strip().splitlines())
    return {name: mesh_id for mesh_id, name in pairs}


@cache
def condition_ancestors() -> dict[str, tuple[str, ...]]:
    """Condition descriptor name -> its ancestors' names."""
    table: dict[str, tuple[str, ...]] = {}
    for line in _ANCESTORS.strip().splitlines():
        name, _, ancestors = line.partition(": ")
        table[name] = tuple(ancestors.split("; "))
    return table


@cache
def intervention_mesh() -> dict[str, str]:
    """Treatment name -> the MeSH descriptor name it is (only those that are descriptors)."""
    return dict(line.split(": ", 1) for line in _INTERVENTIONS.strip().splitlines())
