/**
 * A deterministic, realistic stand-in for Back4App's "Carmodels_Car_Model_List": real makes with
 * their real models and production years, trims appended when more records are asked for than
 * there are natural (Make, Model, Year) combinations, and timestamps that tie now and then.
 */

export interface CarRecord {
  objectId: string;
  Year: number;
  Make: string;
  Model: string;
  Category: string;
  createdAt: string;
  updatedAt: string;
}

// Globals are slow to look up inside Jest's vm context and these run millions of times: bind them once.
const { floor, imul, min } = Math;

export const CATEGORIES = [
  'Sedan',
  'SUV',
  'Coupe',
  'Pickup',
  'Hatchback',
  'Convertible',
  'Wagon',
  'Van/Minivan',
];
export const FIRST_YEAR = 1990;
export const LAST_YEAR = 2026;
/** The window the generated createdAt/updatedAt fall in. */
export const FIRST_TIMESTAMP = Date.UTC(2020, 0, 1);
export const LAST_TIMESTAMP = Date.UTC(2024, 11, 31, 23, 59, 59, 999);
/** Every TIE_EVERY-th record (in updatedAt order) shares its updatedAt with the one before it. */
export const TIE_EVERY = 50;

/**
 * One paragraph per make: `Make: trims`, then `Model years category` entries separated by `;`.
 * Years may be several ranges (`2006-2014,2017-2026`); a category may be several (`Coupe, Convertible`),
 * as the real data set writes them. Kept as text because ~500 typed tuples would bury the data.
 */
const CATALOG = `
Toyota: LE, SE, XLE, XSE, Limited, TRD Sport, Platinum
Corolla 1990-2026 Sedan; Camry 1990-2026 Sedan; RAV4 1996-2026 SUV; Prius 2001-2026 Hatchback;
Highlander 2001-2026 SUV; Tacoma 1995-2026 Pickup; Tundra 2000-2026 Pickup; 4Runner 1990-2026 SUV;
Sienna 1998-2026 Van/Minivan; Sequoia 2001-2026 SUV; Land Cruiser 1990-2021,2024-2026 SUV;
Avalon 1995-2022 Sedan; Celica 1990-2005 Coupe, Convertible; Supra 1990-1998 Coupe; GR Supra 2020-2026 Coupe;
Yaris 2007-2020 Sedan, Hatchback; Corolla Cross 2022-2026 SUV; C-HR 2018-2022 SUV; Venza 2009-2015 Wagon;
Venza 2021-2024 SUV; bZ4X 2023-2026 SUV; GR86 2022-2026 Coupe; Matrix 2003-2013 Hatchback, Wagon;
Echo 2000-2005 Sedan, Coupe; Tercel 1990-1999 Sedan, Coupe; MR2 1991-1995,2000-2005 Coupe, Convertible;
Previa 1991-1997 Van/Minivan; T100 1993-1998 Pickup; Camry Solara 1999-2008 Coupe, Convertible

Honda: LX, EX, EX-L, Sport, Touring, Si
Civic 1990-2026 Sedan, Coupe, Hatchback; Accord 1990-2026 Sedan; CR-V 1997-2026 SUV; Pilot 2003-2026 SUV;
Odyssey 1995-2026 Van/Minivan; HR-V 2016-2026 SUV; Fit 2007-2020 Hatchback; Ridgeline 2006-2014,2017-2026 Pickup;
Passport 1994-2002,2019-2026 SUV; Insight 2000-2006,2010-2014,2019-2022 Hatchback; Element 2003-2011 SUV;
S2000 2000-2009 Convertible; Prelude 1990-2001 Coupe; Crosstour 2010-2015 SUV; Prologue 2024-2026 SUV;
del Sol 1993-1997 Coupe, Convertible

Ford: XL, XLT, Lariat, ST, Titanium, Platinum
F-150 1990-2026 Pickup; Mustang 1990-2026 Coupe, Convertible; Explorer 1991-2026 SUV; Escape 2001-2026 SUV;
Focus 2000-2018 Sedan, Hatchback; Fusion 2006-2020 Sedan; Ranger 1990-2011,2019-2026 Pickup;
Expedition 1997-2026 SUV; Edge 2007-2024 SUV; Bronco 1990-1996,2021-2026 SUV; Bronco Sport 2021-2026 SUV;
Taurus 1990-2019 Sedan, Wagon; Maverick 2022-2026 Pickup; Transit Connect 2010-2023 Van/Minivan;
Mustang Mach-E 2021-2026 SUV; F-250 Super Duty 1999-2026 Pickup; Fiesta 2011-2019 Sedan, Hatchback;
Windstar 1995-2003 Van/Minivan; Crown Victoria 1992-2011 Sedan; Thunderbird 1990-1997,2002-2005 Coupe, Convertible;
Flex 2009-2019 SUV; Excursion 2000-2005 SUV; Escort 1991-2002 Sedan, Wagon

Chevrolet: LS, LT, RS, Premier, Z71, High Country
Silverado 1500 1999-2026 Pickup; Malibu 1997-2025 Sedan; Equinox 2005-2026 SUV; Tahoe 1995-2026 SUV;
Suburban 1990-2026 SUV; Camaro 1990-2002,2010-2024 Coupe, Convertible; Corvette 1990-2026 Coupe, Convertible;
Traverse 2009-2026 SUV; Colorado 2004-2012,2015-2026 Pickup; Impala 1994-1996,2000-2020 Sedan;
Cruze 2011-2019 Sedan, Hatchback; Bolt EV 2017-2023 Hatchback; Blazer 1990-2005,2019-2026 SUV;
Trailblazer 2002-2009,2021-2026 SUV; Spark 2013-2022 Hatchback; Trax 2015-2026 SUV; Express 1500 1996-2014 Van/Minivan;
Cavalier 1990-2005 Sedan, Coupe; S10 1990-2004 Pickup; Tracker 1999-2004 SUV; Sonic 2012-2020 Sedan, Hatchback;
Avalanche 2002-2013 Pickup; HHR 2006-2011 Wagon

BMW: sDrive, xDrive, M Sport, Luxury, Competition
3 Series 1990-2026 Sedan; 5 Series 1990-2026 Sedan; 7 Series 1990-2026 Sedan; X1 2013-2026 SUV; X3 2004-2026 SUV;
X5 2000-2026 SUV; X7 2019-2026 SUV; Z4 2003-2016,2019-2026 Convertible; 4 Series 2014-2026 Coupe, Convertible;
2 Series 2014-2026 Coupe, Convertible; M3 1995-2026 Sedan, Coupe; i3 2014-2021 Hatchback; i4 2022-2026 Sedan;
iX 2022-2026 SUV; X6 2008-2026 SUV; 8 Series 1991-1997,2019-2026 Coupe; Z3 1996-2002 Convertible, Coupe;
6 Series 2004-2019 Coupe, Convertible

Mercedes-Benz: 4MATIC, AMG Line, Avantgarde, Exclusive, Pinnacle
C-Class 1994-2026 Sedan; E-Class 1994-2026 Sedan; S-Class 1994-2026 Sedan; GLE 2016-2026 SUV; GLC 2016-2026 SUV;
GLA 2015-2026 SUV; GLS 2017-2026 SUV; G-Class 2002-2026 SUV; CLA 2014-2026 Sedan; A-Class 2019-2022 Sedan;
M-Class 1998-2015 SUV; SL 1990-2026 Convertible; SLK 1998-2016 Convertible; Sprinter 2010-2026 Van/Minivan;
Metris 2016-2023 Van/Minivan; EQS 2022-2026 Sedan; CLS 2006-2023 Sedan; GL-Class 2007-2016 SUV; 190E 1990-1993 Sedan

Audi: Premium, Premium Plus, Prestige, quattro, S line
A3 2006-2026 Sedan, Hatchback; A4 1996-2026 Sedan, Wagon; A6 1995-2026 Sedan; A8 1997-2026 Sedan; Q3 2015-2026 SUV;
Q5 2009-2026 SUV; Q7 2007-2026 SUV; Q8 2019-2026 SUV; TT 2000-2023 Coupe, Convertible; A5 2008-2026 Coupe, Convertible;
e-tron 2019-2023 SUV; R8 2008-2023 Coupe, Convertible; S4 2000-2026 Sedan; allroad 2013-2026 Wagon; 90 1990-1995 Sedan;
100 1990-1994 Sedan, Wagon

Volkswagen: S, SE, SEL, SEL Premium, R-Line, Wolfsburg Edition
Golf 1990-2021 Hatchback; GTI 1990-2026 Hatchback; Jetta 1990-2026 Sedan; Passat 1990-2022 Sedan, Wagon;
Tiguan 2009-2026 SUV; Atlas 2018-2026 SUV; Beetle 1998-2019 Hatchback, Convertible; ID.4 2021-2026 SUV;
Touareg 2004-2017 SUV; Golf SportWagen 2015-2019 Wagon; Atlas Cross Sport 2020-2026 SUV; Taos 2022-2026 SUV;
Arteon 2019-2023 Sedan; Eurovan 1993-2003 Van/Minivan; Routan 2009-2014 Van/Minivan; CC 2009-2017 Sedan;
Cabrio 1995-2002 Convertible; Corrado 1990-1994 Coupe

Nissan: S, SV, SL, SR, Platinum, PRO-4X
Altima 1993-2026 Sedan; Sentra 1990-2026 Sedan; Maxima 1990-2023 Sedan; Rogue 2008-2026 SUV; Pathfinder 1990-2026 SUV;
Murano 2003-2026 SUV; Frontier 1998-2026 Pickup; Titan 2004-2024 Pickup; Leaf 2011-2026 Hatchback;
370Z 2009-2020 Coupe, Convertible; 350Z 2003-2009 Coupe, Convertible; Z 2023-2026 Coupe; Armada 2004-2026 SUV;
Versa 2007-2026 Sedan, Hatchback; Kicks 2018-2026 SUV; Quest 1993-2017 Van/Minivan; Juke 2011-2017 SUV;
Xterra 2000-2015 SUV; 300ZX 1990-1996 Coupe, Convertible; Ariya 2023-2026 SUV

Hyundai: SE, SEL, N Line, Limited, Calligraphy
Elantra 1992-2026 Sedan; Sonata 1990-2026 Sedan; Tucson 2005-2026 SUV; Santa Fe 2001-2026 SUV; Kona 2018-2026 SUV;
Palisade 2020-2026 SUV; Accent 1995-2022 Sedan, Hatchback; Veloster 2012-2022 Hatchback; Ioniq 5 2022-2026 SUV;
Ioniq 6 2023-2026 Sedan; Venue 2020-2025 SUV; Santa Cruz 2022-2026 Pickup; Genesis Coupe 2010-2016 Coupe;
Azera 2006-2017 Sedan; Tiburon 1997-2008 Coupe; Veracruz 2007-2012 SUV

Kia: LX, S, EX, GT-Line, SX, X-Line
Optima 2001-2020 Sedan; K5 2021-2026 Sedan; Sorento 2003-2026 SUV; Sportage 1995-2026 SUV; Soul 2010-2026 Wagon;
Telluride 2020-2026 SUV; Forte 2010-2024 Sedan; Rio 2001-2023 Sedan, Hatchback; Sedona 2002-2021 Van/Minivan;
Carnival 2022-2026 Van/Minivan; Stinger 2018-2023 Sedan; Niro 2017-2026 SUV; EV6 2022-2026 SUV; EV9 2024-2026 SUV;
Seltos 2021-2026 SUV; Cadenza 2014-2020 Sedan; Spectra 2000-2009 Sedan

Subaru: Base, Premium, Sport, Limited, Touring, Wilderness
Outback 1995-2026 SUV, Wagon; Forester 1998-2026 SUV; Impreza 1993-2026 Sedan, Hatchback; Legacy 1990-2025 Sedan;
Crosstrek 2013-2026 SUV; WRX 2015-2026 Sedan; BRZ 2013-2026 Coupe; Ascent 2019-2026 SUV; Baja 2003-2006 Pickup;
Tribeca 2006-2014 SUV; SVX 1992-1997 Coupe; Solterra 2023-2026 SUV; Loyale 1990-1994 Sedan, Wagon

Mazda: Sport, Touring, Grand Touring, Carbon Edition, Signature
Mazda3 2004-2026 Sedan, Hatchback; Mazda6 2003-2021 Sedan; CX-5 2013-2026 SUV; CX-9 2007-2023 SUV;
CX-30 2020-2026 SUV; CX-50 2023-2026 SUV; CX-90 2024-2026 SUV; MX-5 Miata 1990-2026 Convertible; RX-7 1990-1995 Coupe;
RX-8 2004-2011 Coupe; Tribute 2001-2011 SUV; Protege 1990-2003 Sedan; 626 1990-2002 Sedan; B-Series 1994-2009 Pickup;
MPV 1990-2006 Van/Minivan; Mazda5 2012-2015 Van/Minivan; MX-6 1990-1997 Coupe; Millenia 1995-2002 Sedan;
CX-7 2007-2012 SUV

Tesla: Standard Range, Long Range, Performance, Plaid
Model S 2012-2026 Sedan; Model X 2016-2026 SUV; Model 3 2017-2026 Sedan; Model Y 2020-2026 SUV;
Cybertruck 2024-2026 Pickup; Roadster 2008-2012 Convertible

Porsche: Base, S, 4S, GTS, Turbo, Turbo S
911 1990-2026 Coupe, Convertible; Cayenne 2003-2026 SUV; Macan 2015-2026 SUV; Panamera 2010-2026 Sedan;
Boxster 1997-2026 Convertible; Cayman 2006-2026 Coupe; Taycan 2020-2026 Sedan; 928 1990-1995 Coupe;
968 1992-1995 Coupe, Convertible; 944 1990-1991 Coupe, Convertible

Volvo: Momentum, R-Design, Inscription, Core, Plus, Ultimate
XC90 2003-2026 SUV; XC60 2010-2026 SUV; XC40 2019-2026 SUV; S60 2001-2026 Sedan; S90 2017-2026 Sedan;
V60 2015-2026 Wagon; V90 2017-2021 Wagon; 240 1990-1993 Sedan, Wagon; 740 1990-1992 Sedan, Wagon;
850 1993-1997 Sedan, Wagon; S70 1998-2000 Sedan; V70 1998-2010 Wagon; S80 1999-2016 Sedan; C30 2008-2013 Hatchback;
C70 1998-2013 Coupe, Convertible; S40 2000-2011 Sedan; EX30 2025-2026 SUV; C40 Recharge 2022-2024 SUV

Jeep: Sport, Latitude, Limited, Trailhawk, Rubicon, Sahara, Overland
Wrangler 1990-2026 SUV; Grand Cherokee 1993-2026 SUV; Cherokee 1990-2001,2014-2023 SUV; Compass 2007-2026 SUV;
Renegade 2015-2023 SUV; Gladiator 2020-2026 Pickup; Liberty 2002-2012 SUV; Patriot 2007-2017 SUV;
Commander 2006-2010 SUV; Wagoneer 2022-2026 SUV; Grand Wagoneer 1990-1991,2022-2026 SUV; Comanche 1990-1992 Pickup

Ram: Tradesman, Big Horn, Laramie, Rebel, Limited, TRX
1500 2011-2026 Pickup; 2500 2011-2026 Pickup; 3500 2011-2026 Pickup; ProMaster 2014-2026 Van/Minivan;
ProMaster City 2015-2022 Van/Minivan; Dakota 2011-2011 Pickup; C/V 2012-2015 Van/Minivan

GMC: SLE, SLT, AT4, Denali, Elevation
Sierra 1500 1999-2026 Pickup; Yukon 1992-2026 SUV; Yukon XL 2000-2026 SUV; Acadia 2007-2026 SUV;
Terrain 2010-2026 SUV; Canyon 2004-2012,2015-2026 Pickup; Savana 1500 1996-2014 Van/Minivan;
Envoy 1998-2000,2002-2009 SUV; Jimmy 1990-2001 SUV; Sonoma 1991-2004 Pickup; Safari 1990-2005 Van/Minivan;
Hummer EV 2022-2026 Pickup; Sierra 2500 HD 2001-2026 Pickup

Lexus: Base, F Sport, Luxury, Premium, Ultra Luxury
ES 300 1992-2003 Sedan; ES 330 2004-2006 Sedan; ES 350 2007-2026 Sedan; RX 300 1999-2003 SUV; RX 330 2004-2006 SUV;
RX 350 2007-2026 SUV; LS 400 1990-2000 Sedan; LS 430 2001-2006 Sedan; LS 460 2007-2017 Sedan; LS 500 2018-2026 Sedan;
IS 300 2001-2005,2016-2026 Sedan; IS 250 2006-2015 Sedan; GS 300 1993-2006 Sedan; GX 470 2003-2009 SUV;
GX 460 2010-2023 SUV; LX 470 1998-2007 SUV; LX 570 2008-2021 SUV; NX 300 2018-2021 SUV; NX 350 2022-2026 SUV;
UX 250h 2019-2026 SUV; RC 350 2015-2026 Coupe; LC 500 2018-2026 Coupe, Convertible; SC 430 2002-2010 Convertible;
CT 200h 2011-2017 Hatchback

Acura: Base, Technology, A-Spec, Advance, Type S
Integra 1990-2001,2023-2026 Hatchback; Legend 1991-1995 Sedan, Coupe; TL 1996-2014 Sedan; TLX 2015-2026 Sedan;
MDX 2001-2026 SUV; RDX 2007-2026 SUV; ILX 2013-2022 Sedan; RSX 2002-2006 Coupe; NSX 1991-2005,2017-2022 Coupe;
TSX 2004-2014 Sedan; RL 1996-2012 Sedan; ZDX 2010-2013 SUV

Infiniti: Pure, Luxe, Sensory, Autograph, Red Sport 400
Q50 2014-2024 Sedan; Q60 2014-2022 Coupe, Convertible; QX50 2014-2025 SUV; QX60 2014-2026 SUV; QX80 2014-2026 SUV;
G35 2003-2008 Sedan, Coupe; G37 2008-2013 Sedan, Coupe, Convertible; FX35 2003-2012 SUV; M35 2006-2010 Sedan;
I30 1996-2001 Sedan; J30 1993-1997 Sedan; Q45 1990-2006 Sedan; QX4 1997-2003 SUV; QX56 2004-2013 SUV; G20 1991-2002 Sedan

Cadillac: Luxury, Premium Luxury, Sport, Platinum, V
Escalade 1999-2026 SUV; CTS 2003-2019 Sedan; XT5 2017-2025 SUV; XT4 2019-2025 SUV; XT6 2020-2025 SUV;
CT4 2020-2026 Sedan; CT5 2020-2026 Sedan; DeVille 1990-2005 Sedan; Seville 1990-2004 Sedan; Eldorado 1990-2002 Coupe;
SRX 2004-2016 SUV; ATS 2013-2019 Sedan, Coupe; DTS 2006-2011 Sedan; Lyriq 2023-2026 SUV; STS 2005-2011 Sedan;
Catera 1997-2001 Sedan

Buick: Preferred, Essence, Avenir, Sport Touring, Premium
LeSabre 1990-2005 Sedan; Century 1990-2005 Sedan; Regal 1990-2004,2011-2020 Sedan; Enclave 2008-2026 SUV;
Encore 2013-2022 SUV; Encore GX 2020-2026 SUV; Envision 2016-2026 SUV; LaCrosse 2005-2019 Sedan; Lucerne 2006-2011 Sedan;
Park Avenue 1991-2005 Sedan; Rendezvous 2002-2007 SUV; Rainier 2004-2007 SUV; Verano 2012-2017 Sedan;
Roadmaster 1991-1996 Sedan, Wagon; Terraza 2005-2007 Van/Minivan

Dodge: SXT, GT, R/T, Scat Pack, SRT
Charger 2006-2026 Sedan; Challenger 2008-2023 Coupe; Durango 1998-2009,2011-2026 SUV;
Grand Caravan 1990-2020 Van/Minivan; Journey 2009-2020 SUV; Dart 2013-2016 Sedan; Neon 1995-2005 Sedan, Coupe;
Viper 1992-2017 Coupe, Convertible; Stratus 1995-2006 Sedan, Coupe; Intrepid 1993-2004 Sedan; Dakota 1990-2010 Pickup;
Ram 1500 1994-2010 Pickup; Caliber 2007-2012 Hatchback; Avenger 2008-2014 Sedan; Magnum 2005-2008 Wagon;
Nitro 2007-2011 SUV; Hornet 2023-2026 SUV; Stealth 1991-1996 Coupe; Spirit 1990-1995 Sedan;
Shadow 1990-1994 Hatchback, Convertible

Chrysler: Touring, Touring L, Limited, Pinnacle, S
300 2005-2023 Sedan; Pacifica 2004-2008 SUV; Pacifica 2017-2026 Van/Minivan; Town & Country 1990-2016 Van/Minivan;
Sebring 1995-2010 Sedan, Convertible, Coupe; 200 2011-2017 Sedan, Convertible; PT Cruiser 2001-2010 Wagon, Convertible;
Concorde 1993-2004 Sedan; LeBaron 1990-1995 Sedan, Coupe, Convertible; Crossfire 2004-2008 Coupe, Convertible;
Voyager 2000-2003,2020-2022 Van/Minivan; Aspen 2007-2009 SUV; Cirrus 1995-2000 Sedan; New Yorker 1990-1996 Sedan

Lincoln: Standard, Select, Reserve, Black Label
Navigator 1998-2026 SUV; Town Car 1990-2011 Sedan; MKZ 2007-2020 Sedan; Aviator 2003-2005,2020-2026 SUV;
Nautilus 2019-2026 SUV; Corsair 2020-2026 SUV; Continental 1990-2002,2017-2020 Sedan; MKX 2007-2018 SUV;
LS 2000-2006 Sedan; Mark VIII 1993-1998 Coupe; MKC 2015-2019 SUV; MKS 2009-2016 Sedan; MKT 2010-2019 SUV;
Mark LT 2006-2008 Pickup; Blackwood 2002-2002 Pickup

Mitsubishi: ES, SE, SEL, GT, LE
Outlander 2003-2026 SUV; Eclipse 1990-2012 Coupe, Convertible; Lancer 2002-2017 Sedan; Galant 1990-2012 Sedan;
Mirage 1990-2002,2014-2024 Sedan, Hatchback; Montero 1990-2006 SUV; Eclipse Cross 2018-2026 SUV;
Outlander Sport 2011-2026 SUV; 3000GT 1991-1999 Coupe, Convertible; Endeavor 2004-2011 SUV;
Diamante 1992-2004 Sedan, Wagon; Montero Sport 1997-2004 SUV; Raider 2006-2009 Pickup; i-MiEV 2012-2017 Hatchback

Land Rover: S, SE, HSE, Autobiography, Dynamic
Range Rover 1990-2026 SUV; Range Rover Sport 2006-2026 SUV; Discovery 1994-2004,2017-2026 SUV;
Defender 1993-1997,2020-2026 SUV; LR2 2008-2015 SUV; LR3 2005-2009 SUV; LR4 2010-2016 SUV;
Range Rover Evoque 2012-2026 SUV; Range Rover Velar 2018-2026 SUV; Discovery Sport 2015-2026 SUV;
Freelander 2002-2005 SUV

Jaguar: Prestige, R-Dynamic, Portfolio, R, SVR
XJ 1990-2019 Sedan; XF 2009-2024 Sedan; XE 2017-2020 Sedan; F-Type 2014-2024 Coupe, Convertible; F-Pace 2017-2026 SUV;
E-Pace 2018-2024 SUV; I-Pace 2019-2024 SUV; XK 1997-2015 Coupe, Convertible; S-Type 2000-2008 Sedan;
X-Type 2002-2008 Sedan, Wagon

MINI: Classic, Signature, Iconic, John Cooper Works
Cooper 2002-2026 Hatchback, Convertible; Cooper S 2002-2026 Hatchback, Convertible; Countryman 2011-2026 SUV;
Clubman 2008-2024 Wagon; Paceman 2013-2016 Hatchback; Roadster 2012-2015 Convertible

Genesis: Standard, Advanced, Prestige, Sport
G70 2019-2026 Sedan; G80 2017-2026 Sedan; G90 2017-2026 Sedan; GV60 2023-2026 SUV; GV70 2022-2026 SUV;
GV80 2021-2026 SUV

Alfa Romeo: Sprint, Ti, Veloce, Quadrifoglio
Giulia 2017-2026 Sedan; Stelvio 2018-2026 SUV; 4C 2015-2020 Coupe, Convertible; Tonale 2024-2026 SUV;
Spider 1990-1994 Convertible; 164 1991-1995 Sedan

Pontiac: SE, GT, GTP, GXP
Grand Prix 1990-2008 Sedan, Coupe; Grand Am 1990-2005 Sedan, Coupe; Firebird 1990-2002 Coupe, Convertible;
Sunfire 1995-2005 Sedan, Coupe; Bonneville 1990-2005 Sedan; Vibe 2003-2010 Wagon;
G6 2005-2010 Sedan, Coupe, Convertible; Aztek 2001-2005 SUV; Montana 1999-2006 Van/Minivan;
Solstice 2006-2009 Convertible; G8 2008-2009 Sedan

Saturn: XE, XR, Red Line
S-Series 1991-2002 Sedan, Coupe, Wagon; Ion 2003-2007 Sedan, Coupe; Vue 2002-2010 SUV; Outlook 2007-2010 SUV;
Aura 2007-2009 Sedan; Sky 2007-2009 Convertible; L-Series 2000-2005 Sedan, Wagon
`;

/** Second-level trim additions; electric makes get their own so no Tesla becomes a "Hybrid". */
const PACKAGES = [
  'Hybrid',
  'AWD',
  'Sport Package',
  'Launch Edition',
  'Night Edition',
  'Premium Package',
  'Tech Package',
  'Off-Road Package',
];
const ELECTRIC_PACKAGES = ['AWD', 'RWD', 'Launch Edition', 'Foundation Series', 'Premium Package'];
const ELECTRIC_MAKES = new Set(['Tesla']);

interface BaseModel {
  make: string;
  model: string;
  year: number;
  category: string;
}

const ENTRY = /^(.+?) ((?:\d{4}-\d{4},?)+) (.+)$/;

function parseYears(ranges: string): number[] {
  return ranges.split(',').flatMap((range) => {
    const [from, to] = range.split('-').map(Number);
    const years: number[] = [];
    for (let year = Math.max(from, FIRST_YEAR); year <= Math.min(to, LAST_YEAR); year++) years.push(year);
    return years;
  });
}

function parseEntry(make: string, entry: string): BaseModel[] {
  const match = ENTRY.exec(entry);
  if (!match) throw new Error(`car-data: bad catalogue entry "${entry}" (${make})`);
  const [, model, ranges, category] = match;
  if (!category.split(', ').every((c) => CATEGORIES.includes(c))) {
    throw new Error(`car-data: unknown category in "${entry}" (${make})`);
  }
  return parseYears(ranges).map((year) => ({ make, model, year, category }));
}

interface Catalogue {
  models: BaseModel[];
  /** Per make: '' (the plain model), then each trim, then each trim with a package. */
  variants: Map<string, string[]>;
}

function parseCatalogue(text: string): Catalogue {
  const models: BaseModel[] = [];
  const variants = new Map<string, string[]>();
  for (const paragraph of text.trim().split(/\n\s*\n/)) {
    const [header, ...lines] = paragraph.trim().split('\n');
    const [make, trimList] = header.split(': ');
    const trims = trimList.split(', ');
    const packages = ELECTRIC_MAKES.has(make) ? ELECTRIC_PACKAGES : PACKAGES;
    variants.set(make, ['', ...trims, ...trims.flatMap((trim) => packages.map((p) => `${trim} ${p}`))]);
    const entries = lines
      .join(' ')
      .split(';')
      .map((entry) => entry.trim());
    models.push(...entries.filter(Boolean).flatMap((entry) => parseEntry(make, entry)));
  }
  return { models, variants };
}

const CATALOGUE = parseCatalogue(CATALOG);

/** How many (Make, Model, Year) combinations exist before trims are needed. */
export const NATURAL_COMBINATIONS = CATALOGUE.models.length;

/** mulberry32: tiny, fast and good enough to make test data reproducible. */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = imul(t ^ (t >>> 15), t | 1);
    t ^= t + imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A Parse-style objectId: 10 alphanumeric characters. */
export function randomObjectId(random: () => number): string {
  let id = '';
  for (let i = 0; i < 10; i++) id += ID_ALPHABET[floor(random() * ID_ALPHABET.length)];
  return id;
}

function shuffle<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = floor(random() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

/** The model name at trim level `level`; past the listed variants, generations ("Mk 2") keep names unique. */
function modelName(base: BaseModel, level: number): string {
  const variants = CATALOGUE.variants.get(base.make)!;
  const variant = variants[level % variants.length];
  const generation = floor(level / variants.length);
  const suffix = generation > 0 ? `${variant} Mk ${generation + 1}`.trim() : variant;
  return suffix ? `${base.model} ${suffix}` : base.model;
}

/**
 * `count` unique (Make, Model, Year) picks: every natural combination first, then level after level of
 * trims, each level walking the combinations in a seeded order so a partial level is a fair sample.
 */
function pickModels(count: number, random: () => number): BaseModel[] {
  const order = shuffle([...CATALOGUE.models], random);
  const seen = new Set<string>();
  const picked: BaseModel[] = [];
  for (let level = 0; picked.length < count; level++) {
    for (const base of order) {
      const model = modelName(base, level);
      // Case-insensitive, and a trimmed name may equal a real model ("Corolla" + "Cross" style).
      const key = `${base.make}\u0000${model}\u0000${base.year}`.toLowerCase();
      if (seen.has(key)) continue;
      seen.add(key);
      picked.push({ ...base, model });
      if (picked.length === count) break;
    }
  }
  return picked;
}

/**
 * Non-decreasing updatedAt values spread over the window; record i (i % TIE_EVERY === 0) repeats the
 * previous one, so with page sizes that are multiples of TIE_EVERY every page boundary splits a tie.
 */
function updatedTimes(count: number, random: () => number): number[] {
  const step = (LAST_TIMESTAMP - FIRST_TIMESTAMP) / count;
  const times: number[] = new Array(count);
  for (let i = 0; i < count; i++) {
    times[i] = i > 0 && i % TIE_EVERY === 0 ? times[i - 1] : FIRST_TIMESTAMP + floor((i + random()) * step);
  }
  return times;
}

/** Most records were edited some time after they were created; some never were. */
function createdTime(updated: number, random: () => number): number {
  if (random() < 0.3) return updated;
  const maxAge = min(400 * 24 * 3600 * 1000, updated - FIRST_TIMESTAMP);
  return updated - floor(random() * maxAge);
}

/** `count` records, deterministic for `seed`, in (updatedAt, objectId) order. */
export function generateCars(count: number, seed = 1): CarRecord[] {
  const random = createRandom(seed);
  const picks = shuffle(pickModels(count, random), random);
  const times = updatedTimes(count, random);
  const ids = new Set<string>();
  const records = picks.map((pick, i): CarRecord => {
    let objectId = randomObjectId(random);
    while (ids.has(objectId)) objectId = randomObjectId(random);
    ids.add(objectId);
    return {
      objectId,
      Year: pick.year,
      Make: pick.make,
      Model: pick.model,
      Category: pick.category,
      createdAt: new Date(createdTime(times[i], random)).toISOString(),
      updatedAt: new Date(times[i]).toISOString(),
    };
  });
  // Only tied pairs can be out of objectId order; the times themselves are already sorted.
  return records.sort(compareStored);
}

/** The order the server keeps records in: updatedAt, then objectId (code-unit order, as Parse sorts). */
export function compareStored(a: CarRecord, b: CarRecord): number {
  if (a.updatedAt !== b.updatedAt) return a.updatedAt < b.updatedAt ? -1 : 1;
  if (a.objectId !== b.objectId) return a.objectId < b.objectId ? -1 : 1;
  return 0;
}
